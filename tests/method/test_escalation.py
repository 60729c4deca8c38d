"""§9.5 escalation: when to escalate and the handover text."""

from __future__ import annotations

from datetime import datetime

import pytest

from kamitaiou.method.escalation import (
    NO_ENCOURAGEMENT_NOTE,
    escalation_reasons,
    handover_summary,
    needs_escalation,
    reassign_refusal,
    truncate,
)
from kamitaiou.method.facts import Role

JST_DAY = datetime(2026, 11, 20, 10, 0)


def at(hour, minute=0):
    return JST_DAY.replace(hour=hour, minute=minute)


TIMELINE = [
    (at(11), "outbound", "phone", "明後日の午前中に代替品をお届けするとお約束しました。"),
    (at(10), "inbound", "phone", "届いた椅子が壊れている！すぐに交換しろ！"),
    (at(12), "inbound", "email", "これ以上遅れるなら弁護士に相談して訴えます。"),
]


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["legal_threat"], True),
        (["damages_claim", "deadline"], True),
        (["abuse", "refund"], False),
        ([], False),
    ],
)
def test_legal_threats_and_damages_claims_need_escalation(labels, expected):
    assert needs_escalation(labels) is expected


def test_escalation_reasons_come_in_a_fixed_order():
    assert escalation_reasons({"damages_claim", "legal_threat"}) == [
        "法的手段の示唆",
        "損害賠償の請求",
    ]


def test_truncate_flattens_whitespace_and_marks_the_cut():
    assert truncate("あい\nうえ  お", limit=10) == "あい うえ お"
    assert truncate("あいうえおかきくけこ", limit=5) == "あいうえ…"
    assert truncate("あいう", limit=0) == "…"


def test_handover_summary_has_every_section_in_order():
    text = handover_summary(
        TIMELINE,
        demands=[("replacement", "すぐに交換しろ"), ("mystery", "謎の要求")],
        open_risks=["訴訟に発展するおそれ"],
        labels={"legal_threat"},
        title="椅子の破損（山田様）",
    )
    lines = text.splitlines()
    assert lines[0] == "【引き継ぎ】椅子の破損（山田様）"
    assert lines[1] == "エスカレーション理由: 法的手段の示唆"
    assert lines[2] == f"※{NO_ENCOURAGEMENT_NOTE}"
    assert "■ 経緯（直近3件／全3件）" in lines
    digest_start = lines.index("■ 経緯（直近3件／全3件）") + 1
    assert lines[digest_start].startswith("- 2026-11-20 10:00 [お客様→当社・電話]")
    assert lines[digest_start + 2].startswith("- 2026-11-20 12:00 [お客様→当社・メール]")
    assert "- 交換: 「すぐに交換しろ」" in lines
    assert "- mystery: 「謎の要求」" in lines
    promised = lines[lines.index("■ 当社がお約束したこと") + 1]
    assert promised.startswith("- 2026-11-20 11:00 [当社→お客様・電話] 明後日の午前中")
    assert lines[-1] == "- 訴訟に発展するおそれ"


def test_handover_keeps_the_last_n_entries_and_cuts_long_texts():
    text = handover_summary(TIMELINE, last_n=1, max_chars=8)
    assert "■ 経緯（直近1件／全3件）" in text
    assert "これ以上遅れる…" in text
    assert "椅子" not in text


def test_handover_uses_given_promises_and_passes_unknown_codes_through():
    promise = (at(9), "internal", "fax", "返金を検討すると伝えた")
    text = handover_summary([], promises=[promise])
    assert "- 2026-11-20 09:00 [社内メモ・fax] 返金を検討すると伝えた" in text
    assert "■ 経緯（直近0件／全0件）\n- 記録なし" in text


def test_empty_handover_says_there_is_nothing_recorded():
    text = handover_summary([], last_n=0)
    assert text.startswith("【引き継ぎ】\n\n■ 経緯")
    assert "エスカレーション理由" not in text
    assert text.count("- 記録なし") == 3
    assert text.endswith("■ 未解決のリスク\n- なし")


def test_zero_last_n_shows_no_entries_not_all_of_them():
    text = handover_summary(TIMELINE, last_n=0)
    assert "[" not in text


# --- §9.5 a case a supervisor took over stays with them --------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_anyone_may_reassign_a_case_no_supervisor_holds(role):
    assert reassign_refusal(actor_role=role, held_by_supervisor=False, reason="") is None


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SALES_REP, None])
def test_staff_below_a_supervisor_cannot_reassign_a_held_case_even_with_a_reason(role):
    refusal = reassign_refusal(actor_role=role, held_by_supervisor=True, reason="代わります")
    assert refusal is not None and "上長（SV）または管理者のみ" in refusal


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_a_supervisor_or_admin_reassigns_a_held_case_only_with_a_reason(role):
    refusal = reassign_refusal(actor_role=role, held_by_supervisor=True, reason="  ")
    assert refusal is not None and "理由" in refusal
    assert reassign_refusal(actor_role=role, held_by_supervisor=True, reason="休暇のため") is None
