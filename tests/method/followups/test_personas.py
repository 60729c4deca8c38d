"""§10.4 referral personas: a concrete person for each product family, and a fallback."""

from __future__ import annotations

import pytest

from kamitaiou.method.followups.personas import (
    persona_family,
    persona_table,
    suggest_referral_persona,
)

QUESTION_END = "いらっしゃいませんか?"


@pytest.mark.parametrize(
    ("product", "family", "hint"),
    [
        ("カラー複合機 MX-3000", "複合機", "印刷コスト"),
        ("業務用エアコン", "エアコン", "冷暖房"),
        ("クラウド会計ソフト", "会計", "経理"),
        ("オフィスチェア", "家具", "腰や肩"),
        ("法人携帯プラン", "携帯", "携帯電話の料金"),
        ("ウォーターサーバー", "ウォーターサーバー", "ペットボトル"),
        ("屋外用防犯カメラ 4台", "防犯カメラ", "防犯"),
        ("社内ネットワーク構築", "ネットワーク", "インターネット"),
    ],
)
def test_each_product_family_gets_its_concrete_persona(product: str, family: str, hint: str):
    matched = persona_family(product)
    assert matched is not None
    assert matched.name == family
    question = suggest_referral_persona(product=product)
    assert hint in question
    assert question.endswith(QUESTION_END)
    assert "方" in question


def test_every_family_of_the_table_is_a_question_about_a_person():
    table = persona_table()
    assert len(table.families) == 8
    for family in table.families:
        assert family.keywords
        assert family.question.endswith(QUESTION_END)
        assert "方" in family.question


def test_keywords_match_half_width_and_latin_variants():
    assert suggest_referral_persona(product="ｺﾋﾟｰ機").startswith("毎月の印刷コスト")
    assert persona_family("無線lan ルーター").name == "ネットワーク"  # type: ignore[union-attr]
    assert persona_family("ＦＡＸ").name == "複合機"  # type: ignore[union-attr]


def test_the_longest_keyword_wins_when_families_overlap():
    assert persona_family("ネットワークカメラ").name == "防犯カメラ"  # type: ignore[union-attr]


def test_unknown_product_falls_back_to_the_customers_own_situation():
    question = suggest_referral_persona(product="社用車リース")
    assert question == "社用車リースをお使いになる前の御社と同じようなことでお悩みの方は" + (
        QUESTION_END
    )
    assert persona_family("社用車リース") is None


def test_no_product_at_all_still_gives_a_concrete_question():
    question = suggest_referral_persona(product="  ")
    assert question == "ご契約前の御社と同じようなことでお悩みの方はいらっしゃいませんか?"


def test_what_the_customer_liked_is_quoted_in_front_of_the_question():
    question = suggest_referral_persona(product="オフィスチェア", liked="「座り心地がいい。」")
    assert question == (
        "「座り心地がいい」とおっしゃっていただき、ありがとうございます。"
        "長時間のデスクワークで、腰や肩の疲れにお悩みの方はいらっしゃいませんか?"
    )


def test_blank_liked_is_ignored():
    assert suggest_referral_persona(product="家具", liked="  ") == suggest_referral_persona(
        product="家具"
    )


def test_latin_keywords_match_whole_words_only():
    assert persona_family("Business Plan") is None
    assert persona_family("VPN接続サービス").name == "ネットワーク"  # type: ignore[union-attr]
