"""Suggested drafts: every kind renders with and without facts, and passes the coach."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamitaiou.method.coach import (
    DraftFacts,
    DraftKind,
    PhrasebookError,
    check_draft,
    load_templates,
    offered_kinds,
    suggest_drafts,
)
from kamitaiou.method.stages import CaseKind, Stage, stages_for

from .helpers import A, C, S, U

FULL = DraftFacts(
    customer="山田",
    customer_company="株式会社なにわ印刷",
    company="株式会社かみたいおう",
    department="お客様相談室",
    signature_lines="TEL 0120-000-000（平日9時〜18時）",
    staff="佐藤 美咲",
    title="ご注文の加湿器が動かない",
    product="加湿器KX-200",
    incident="ご注文の加湿器が動かなかった",
    agreed="交換品の手配",
    progress_done="部材の調達",
    progress_next="組立",
    due="3月15日",
    terms="初期不良の場合、当社は商品到着後7日以内に限り無償で交換する。",
    terms_ref="第5条（初期不良）",
    scope="無償交換の対象",
    law="消費税法",
    illegal_label="tax_evasion",
    reason="受注生産のため製作に2か月を要する",
    alternative="在庫品の同等モデル",
    value="同等の性能",
    cost_down="配送をまとめて送料を抑える方法",
    measure="出荷前の全数検品",
)
EMPTY = DraftFacts()

#: where each draft kind is offered (one stage is enough to reach it)
WHERE = {
    DraftKind.EMPATHY: (C, Stage.RECEIVED),
    DraftKind.FAN_SCRIPT: (C, Stage.HEARING),
    DraftKind.PROGRESS_REPORT: (U, Stage.EXECUTING),
    DraftKind.EARLY_DECLINE: (U, Stage.ASSESSMENT),
    DraftKind.REFUSAL_ILLEGAL: (S, Stage.REFUSED),
    DraftKind.UTILITARIAN: (C, Stage.PROPOSAL),
    DraftKind.NORMATIVE: (C, Stage.PROPOSAL),
    DraftKind.COMBINED: (C, Stage.PROPOSAL),
}


def draft_of(kind: DraftKind, facts: DraftFacts, **overrides: object):
    case_kind, stage = WHERE[kind]
    drafts = {d.kind: d for d in suggest_drafts(kind=case_kind, stage=stage, facts=facts)}
    return drafts[kind]


def test_every_draft_kind_is_offered_somewhere():
    assert set(WHERE) == set(DraftKind)


@pytest.mark.parametrize("kind", list(DraftKind))
def test_without_facts_every_placeholder_is_visible(kind):
    draft = draft_of(kind, EMPTY)
    assert "{" not in draft.text
    assert "【お客様名】様" in draft.text
    assert draft.missing and draft.missing[0] == "customer"
    assert "【会社名】" in draft.text and "【担当者名】" in draft.text
    assert draft.title_ja and draft.section.startswith("§")


@pytest.mark.parametrize("kind", list(DraftKind))
def test_with_facts_nothing_is_missing(kind):
    draft = draft_of(kind, FULL)
    assert draft.missing == ()
    assert "【" not in draft.text
    assert "山田様" in draft.text


def test_the_fan_script_walks_the_five_steps_in_order():
    text = draft_of(DraftKind.FAN_SCRIPT, FULL).text
    steps = [
        "申し訳ございません",
        "お恥ずかしい",
        "大変恐縮ですが、これだけは言わせて下さい。",
        "心から安心していただきたい",
        "これからも一緒に",
    ]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)


def test_the_progress_report_follows_the_methods_pattern():
    text = draft_of(DraftKind.PROGRESS_REPORT, FULL).text
    assert "現在、部材の調達まで進んでおります。予定より順調でございます。" in text


def test_the_early_decline_is_early_and_caring():
    text = draft_of(DraftKind.EARLY_DECLINE, FULL).text
    assert "早い方が山田様のため" in text and "申し訳ございません" in text
    assert "在庫品の同等モデル" in text


def test_illegal_refusals_give_the_reason_of_their_label():
    tax = draft_of(DraftKind.REFUSAL_ILLEGAL, FULL).text
    assert "消費税は法律で定められており" in tax
    forged = draft_of(DraftKind.REFUSAL_ILLEGAL, DraftFacts(illegal_label="falsification")).text
    assert "書類の日付や宛名を事実と異なる内容にすることは" in forged
    generic = draft_of(DraftKind.REFUSAL_ILLEGAL, EMPTY).text
    assert "【法令・規則の名称】に反するため" in generic


def test_utilitarian_persuasion_keeps_quality_and_reassures():
    text = draft_of(DraftKind.UTILITARIAN, FULL).text
    assert "品質を保ったまま、配送をまとめて送料を抑える方法" in text
    assert "出荷前の全数検品を実施し" in text and "責任をもって対応" in text


def test_normative_persuasion_quotes_the_clause_or_says_there_is_none():
    with_terms = draft_of(DraftKind.NORMATIVE, FULL).text
    assert "「初期不良の場合、当社は商品到着後7日以内に限り無償で交換する。」" in with_terms
    assert "第5条（初期不良）" in with_terms
    without = draft_of(DraftKind.NORMATIVE, DraftFacts(customer="山田")).text
    assert "該当する条項の記載がございません" in without
    assert "社会通念" in without


def test_the_combination_confirms_the_rules_then_works_it_out_together():
    text = draft_of(DraftKind.COMBINED, FULL).text
    assert text.index("第5条（初期不良）に照らしますと") < text.index("一緒に考えさせて")


def test_blank_facts_count_as_missing():
    assert "【お客様名】" in draft_of(DraftKind.EMPATHY, DraftFacts(customer="  ")).text


def test_after_follow_and_closed_cases_get_no_drafts():
    for stage in stages_for(A):
        assert suggest_drafts(kind=A, stage=stage, facts=FULL) == []
    assert suggest_drafts(kind=C, stage=Stage.CLOSED, facts=FULL) == []


@pytest.mark.parametrize("facts", [EMPTY, FULL], ids=["empty", "full"])
@pytest.mark.parametrize("kind", [C, U, S])
def test_every_offered_draft_passes_the_coach_in_its_stage(kind: CaseKind, facts):
    for stage in stages_for(kind):
        for draft in suggest_drafts(kind=kind, stage=stage, facts=facts):
            found = check_draft(draft.text, kind=kind, stage=stage)
            assert [f for f in found if f.severity != "info"] == [], (stage, draft.kind)


def test_offered_kinds_follow_the_table():
    assert offered_kinds(C, Stage.PROPOSAL) == [
        DraftKind.FAN_SCRIPT,
        DraftKind.UTILITARIAN,
        DraftKind.NORMATIVE,
        DraftKind.COMBINED,
    ]
    assert offered_kinds(S, Stage.APPROVAL_PENDING) == [
        DraftKind.REFUSAL_ILLEGAL,
        DraftKind.NORMATIVE,
        DraftKind.COMBINED,
    ]


def test_an_admins_template_replaces_the_built_in_one(tmp_path: Path):
    (tmp_path / "drafts_ours.toml").write_text(
        '[placeholders]\ncustomer = "（ご担当者様）"\n'
        '[empathy]\ntitle = "当社版"\nsection = "§7-1"\noffered = ["complaint.received"]\n'
        'body = "{customer}、お電話ありがとうございます。"\n',
        encoding="utf-8",
    )
    (draft,) = suggest_drafts(kind=C, stage=Stage.RECEIVED, facts=EMPTY, extra_dirs=[tmp_path])
    assert draft.text.startswith("（ご担当者様）、お電話ありがとうございます。\n\n――")
    assert draft.title_ja == "当社版"


@pytest.mark.parametrize(
    "content",
    [
        "[empathy\n",
        '[nonsense]\nbody = "x"\n',
        '[empathy]\ntitle = "x"\n',
        '[empathy]\nbody = "x"\noffered = "complaint.received"\n',
        '[empathy]\nbody = "x"\noffered = ["complaint.nowhere"]\n',
        '[empathy]\nbody = "x"\nvariants = { complaint = 1 }\n',
    ],
)
def test_a_malformed_template_file_is_reported(tmp_path: Path, content: str):
    (tmp_path / "drafts_bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(PhrasebookError):
        load_templates((tmp_path,))
