"""§10.4: a referral request names a concrete persona — who, troubled by what."""

from dataclasses import replace

import pytest

from kamitaiou.method import guards as g
from kamitaiou.method.facts import CaseFacts
from kamitaiou.method.followups.personas import persona_table, suggest_referral_persona
from kamitaiou.method.referral import check_persona, is_concrete_persona, persona_problem

CONCRETE = [
    "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?",
    "目の疲れでお悩みの方",
    "長時間ディスプレイを見て目の疲れに悩む方",
    "同じビルで、コピー機の紙詰まりにお困りの会社様はいらっしゃいませんか?",
    "在宅勤務で腰痛にお悩みのご友人はいらっしゃいませんか?",
    "夏場の電気代を抑えたい飲食店のオーナー様",
    "新しいプリンターを探している事務所の方",
    "知り合いで目の疲れに悩んでいる人",
    "腰痛持ちの在宅ワーカー",
    "子どもの送り迎えで毎朝忙しく、朝食の準備に手間をかけたくないご家庭",
    "ｺﾋﾟｰ機の故障に困っている　総務のご担当者",  # half-width kana, full-width space
]

VAGUE = [
    "誰か紹介してください",
    "だれか紹介して",
    "どなたかいらっしゃいませんか",
    "知り合いを紹介してください",
    "お知り合いの方をご紹介いただけませんか",
    "友人を紹介してほしいです",
    "知人",
    "お困りの方はいませんか",
    "周りの方で何かお困りの方がいれば",
    "家族で困っている方",
    "同じようにお悩みの方はいらっしゃいませんか",
    "興味がありそうな方",
    "ご興味のある会社様はいらっしゃいませんか",
    "どなたかいい人いませんか",
    "目の疲れに悩んでいる",  # a trouble, but nobody
    "",
    "   ",
]


@pytest.mark.parametrize("text", CONCRETE)
def test_a_persona_naming_a_person_and_a_trouble_is_concrete(text):
    check = check_persona(text)
    assert check.is_concrete, check
    assert check.names_person and check.names_trouble
    assert persona_problem(text) is None
    assert is_concrete_persona(text)


@pytest.mark.parametrize("text", VAGUE)
def test_a_vague_persona_is_refused_with_a_japanese_reason(text):
    problem = persona_problem(text)
    assert problem is not None
    assert not is_concrete_persona(text)
    assert "例" in problem  # every reason shows what a concrete persona looks like


def test_anyone_or_an_acquaintance_is_called_vague_by_name():
    for text in ("誰か紹介してください", "知り合いを紹介してください", "どなたか"):
        assert "「誰か」「知り合い」" in persona_problem(text)


def test_a_trouble_without_content_asks_what_the_trouble_is():
    assert "何にお困りの方か" in persona_problem("お困りの会社の方はいらっしゃいませんか")


def test_a_trouble_without_a_person_asks_who():
    assert "どんな方か" in persona_problem("目の疲れに悩んでいる")


def test_a_person_without_a_trouble_asks_for_the_trouble():
    assert "どんなことでお困りの方か" in persona_problem("営業職の方はいらっしゃいませんか")


@pytest.mark.parametrize("family", persona_table().families, ids=lambda f: f.name)
def test_every_suggested_persona_question_is_concrete(family):
    assert is_concrete_persona(family.question), family.question


def test_suggestions_for_unknown_products_and_with_praise_are_concrete():
    assert is_concrete_persona(suggest_referral_persona(product="業務システム"))
    assert is_concrete_persona(suggest_referral_persona(product=""))
    liked = suggest_referral_persona(product="オフィスチェア", liked="座り心地が良い")
    assert is_concrete_persona(liked)


def test_the_referral_guard_refuses_a_vague_persona_and_says_why():
    facts = CaseFacts(satisfaction_score=5, referral_persona="誰か紹介してください")
    assert "「誰か」" in g.referral_persona(facts)
    assert g.referral_persona(replace(facts, referral_persona=CONCRETE[0])) is None
