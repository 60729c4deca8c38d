"""Drafts read as a competent person's letter: our signature, a real subject, a clause
quoted only when it is about the demand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kamitaiou.method.coach import DraftFacts, DraftKind, check_draft, suggest_drafts
from kamitaiou.method.coach.clauses import key_terms, matching_clause, split_clauses
from kamitaiou.method.coach.letter import body_end, title_subject, usable_title
from kamitaiou.method.stages import Stage, stages_for

from .helpers import C, S, U

TERMS = """第1条（目的）本契約は、甲が乙に提供するオフィス家具一式（受注生産）について定める。
第2条（提供内容）受注生産品のため、納期は発注確定から約2か月とする。発注確定後のキャンセルは不可とする。
第3条（責任の範囲）乙の責めに帰すべき事由により甲に損害が生じた場合、乙は直接かつ通常の損害に限り、当該月の利用料金を上限として賠償する。天災地変その他不可抗力による場合はこの限りでない。
第4条（免責）甲の指示、仕様確認の不足または甲の設備に起因する不具合については、乙は責任を負わない。"""

RAW = "どういうことか説明してください。"

#: a case as the app hands it over: the customer's raw sentence is the title
CASE = DraftFacts(
    customer="山田 太郎",
    customer_company="株式会社なにわ印刷",
    company="株式会社かみたいおう",
    department="お客様相談室",
    signature_lines="〒105-0023 東京都港区芝浦1-2-3\nTEL 0120-000-000",
    staff="佐藤 美咲",
    title=RAW,
    labels=("refund",),
    product="オフィス家具一式（受注生産）",
    contract_terms=TERMS,
)


def every_draft(facts: DraftFacts):
    for kind in (C, U, S):
        for stage in stages_for(kind):
            for draft in suggest_drafts(kind=kind, stage=stage, facts=facts):
                yield kind, stage, draft


def test_every_draft_kind_is_reached_by_the_letter_checks():
    assert {draft.kind for _k, _s, draft in every_draft(CASE)} == set(DraftKind)


@pytest.mark.parametrize("illegal", [None, "tax_evasion", "falsification"])
def test_every_draft_signs_with_our_organisation_and_the_writer(illegal):
    facts = replace(CASE, illegal_label=illegal)
    for _kind, _stage, draft in every_draft(facts):
        text = draft.text
        signature = text[body_end(text) :]
        assert "株式会社かみたいおう お客様相談室\n佐藤 美咲\n〒105-0023" in signature, draft.kind
        assert "TEL 0120-000-000" in signature
        assert "株式会社なにわ印刷の" not in text
        assert "株式会社なにわ印刷" not in signature
        if draft.kind is not DraftKind.FAN_SCRIPT:  # a spoken script names no company
            assert text.startswith("株式会社なにわ印刷\n山田 太郎様\n")
            assert "株式会社かみたいおう お客様相談室の佐藤 美咲でございます。" in text


def test_no_draft_pastes_the_customers_sentence_in_as_a_noun():
    for _kind, _stage, draft in every_draft(CASE):
        assert RAW not in draft.text and "説明してください" not in draft.text
        for glue in ("。の件", "。とのこと", "。につきまして", "。は"):
            assert glue not in draft.text, draft.kind


def test_an_unusable_title_gives_way_to_the_labelled_demand():
    (empathy,) = suggest_drafts(kind=U, stage=Stage.RECEIVED, facts=CASE)
    assert "ご返金のご要望につきまして、お話を伺いました。" in empathy.text


def test_without_a_title_or_demand_the_subject_is_a_marked_blank():
    facts = DraftFacts(customer="山田", company="当社", staff="佐藤", title=RAW)
    (empathy,) = suggest_drafts(kind=U, stage=Stage.RECEIVED, facts=facts)
    assert "【ご用件】につきまして" in empathy.text
    assert "title" in empathy.missing


@pytest.mark.parametrize(
    ("title", "subject"),
    [
        ("複合機の故障が直らない", "複合機の故障が直らない件"),
        ("担当者の言葉遣いが失礼だった", "担当者の言葉遣いが失礼だった件"),
        ("請求額が見積もりと違う", "請求額が見積もりと違う件"),
        ("防犯カメラの映像の保存", "防犯カメラの映像の保存の件"),
        ("家具の納期を今週中に", "家具の納期を今週中にとのご要望"),
        ("保証期間を延長してほしい", "保証期間を延長してほしいとのご要望"),
        ("支払期日を翌月末に延ばしたい", "支払期日を翌月末に延ばしたいとのご要望"),
        ("寸法違いの棚を無償で作り直して", "寸法違いの棚を無償で作り直してほしいとのご要望"),
        ("初期不良だ", "初期不良の件"),
        ("「複合機が動かない」", "複合機が動かない件"),
    ],
)
def test_a_title_becomes_a_noun_phrase_subject(title, subject):
    assert title_subject(title) == subject


@pytest.mark.parametrize(
    "title",
    [
        RAW,
        "いい加減にしてください",
        "どうなっているんですか",
        "至急返金してもらえませんか",
        "届きません。困っています",
        "朝からずっとログインできず業務が完全に止まっている状態で決算前なので本当に困っている",
        "",
        "   ",
        None,
    ],
)
def test_a_title_that_reads_as_the_customers_sentence_is_not_a_subject(title):
    assert usable_title(title) is None
    assert title_subject(title) is None


def normative(facts: DraftFacts) -> str:
    drafts = {d.kind: d for d in suggest_drafts(kind=U, stage=Stage.SCOPE, facts=facts)}
    return drafts[DraftKind.NORMATIVE].text


def test_the_normative_draft_quotes_the_clause_about_the_demand():
    facts = replace(CASE, title="家具の納期を今週中に", labels=("deadline",))
    text = normative(facts)
    assert "ご契約の第2条（提供内容）には、次のとおり定められております。" in text
    assert "「受注生産品のため、納期は発注確定から約2か月とする。」" in text
    assert "キャンセル" not in text  # the clause's other sentence is not about the demand


def test_an_unrelated_clause_is_never_quoted_the_writer_gets_a_blank():
    facts = replace(CASE, title="担当者の言葉遣いが失礼だった", labels=())
    text = normative(facts)
    assert "ご契約の【条項番号】には" in text and "「【該当する条項の本文】」" in text
    for clause in split_clauses(TERMS):
        assert clause.text not in text


def test_without_any_contract_text_the_draft_explains_by_law_and_norms():
    facts = replace(CASE, contract_terms=None)
    assert "該当する条項の記載がございません" in normative(facts)


def test_the_product_name_alone_does_not_tie_a_clause_to_the_demand():
    assert (
        matching_clause(
            TERMS,
            title="オフィス家具一式が届かない",
            product="オフィス家具一式（受注生産）",
        )
        is None
    )


def test_labels_bring_the_words_clauses_use():
    clause = matching_clause(
        TERMS,
        title="台風で遅れた",
        labels=("bad_timing",),
        label_terms={"bad_timing": ("不可抗力",)},
    )
    assert clause is not None and clause.ref == "第3条（責任の範囲）"
    assert clause.text == "天災地変その他不可抗力による場合はこの限りでない。"


def test_key_terms_are_the_content_words_of_the_title():
    assert key_terms(title="請求額が見積もりと違う") == {"請求額", "請求", "見積"}
    assert "今週中" not in key_terms(title="家具の納期を今週中に")


def test_clauses_without_numbers_are_one_per_line():
    clauses = split_clauses("納期は約2か月とする。\n返品は受け付けない。")
    assert [c.ref for c in clauses] == ["", ""]
    assert matching_clause("納期は約2か月とする。\n返品は受け付けない。", title="返品したい")


def test_the_coach_does_not_judge_the_signature_block():
    draft = (
        "山田様、このたびは申し訳ございません。\n大変恐縮ですが、これだけは言わせて下さい。\n"
        "私どもは、山田様に心から安心していただきたいのです。\n"
        "これからも一緒に、より良い形を作らせていただけませんでしょうか。\n\n"
        "――――――――――\n株式会社かみたいおう お客様相談室\n佐藤 美咲\nTEL 0120-000-000"
    )
    assert check_draft(draft, kind=C, stage=Stage.PROPOSAL) == []
    assert body_end("――――\n署名だけ") == len("――――\n署名だけ")


def test_the_titles_words_outweigh_a_background_labels():
    clause = matching_clause(
        TERMS,
        title="家具の納期を今週中に",
        labels=("deadline", "customer_mistake"),
        label_terms={"deadline": ("納期",), "customer_mistake": ("仕様", "甲の指示")},
        product="オフィス家具一式（受注生産）",
    )
    assert clause is not None and clause.ref == "第2条（提供内容）"
