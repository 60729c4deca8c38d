"""§9.4 person, time and place: validation of reassign, time out and visit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from kamitaiou.method.facts import Role
from kamitaiou.method.person_time_place import (
    TimeOutReason,
    validate_reassign,
    validate_time_out,
    validate_visit,
)

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=JST)


def test_a_complete_reassignment_is_valid():
    assert validate_reassign(1, new_assignee=2, reason="相性", handover_note="経緯は…") == []


def test_reassignment_needs_someone_else_a_reason_and_a_handover_note():
    assert validate_reassign(1, new_assignee=1, reason=" ", handover_note="") == [
        "新しい担当者は、現在の担当者と別の人を選んでください。",
        "担当を変える理由を記入してください。",
        "引き継ぎメモを記入してください（経緯・ご要望・約束したこと）。",
    ]
    assert validate_reassign(1, new_assignee=None, reason="r", handover_note="n") == [
        "新しい担当者を選んでください。"
    ]


def test_an_escalation_goes_to_a_supervisor_or_an_admin():
    common = {"new_assignee": "sv", "reason": "訴訟の示唆", "handover_note": "全件"}
    assert validate_reassign("op", new_assignee_role=Role.OPERATOR, for_escalation=True, **common)
    assert validate_reassign("op", new_assignee_role=None, for_escalation=True, **common)
    assert not validate_reassign(
        "op", new_assignee_role=Role.SUPERVISOR, for_escalation=True, **common
    )


def test_a_time_out_pauses_until_a_future_time_for_a_reason():
    later = NOW + timedelta(hours=3)
    assert validate_time_out(later, now=NOW, reason=TimeOutReason.CUSTOMER_EXCITED) == []
    assert validate_time_out(NOW, now=NOW, reason=None) == [
        "再開日時は、現在より後の日時を指定してください。",
        "時間を置く理由を選んでください。",
    ]


def test_an_other_reason_for_a_time_out_must_be_written():
    later = NOW + timedelta(days=1)
    assert validate_time_out(later, now=NOW, reason=TimeOutReason.OTHER)
    assert not validate_time_out(later, now=NOW, reason=TimeOutReason.OTHER, note="決算期のため")


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 11, 21, 10, 0)
    assert validate_time_out(naive, now=NOW, reason=TimeOutReason.FACTS_UNVERIFIED) == [
        "日時はタイムゾーン付きで指定してください。"
    ]
    assert validate_visit(naive, now=NOW, confirmed_with_customer=True) == [
        "日時はタイムゾーン付きで指定してください。"
    ]


def test_a_visit_is_scheduled_only_in_the_future_confirmed_and_in_person():
    tomorrow = NOW + timedelta(days=1)
    assert validate_visit(tomorrow, now=NOW, confirmed_with_customer=True) == []
    assert validate_visit(
        NOW - timedelta(minutes=1),
        now=NOW,
        confirmed_with_customer=False,
        through_third_party=True,
    ) == [
        "訪問日時は、現在より後の日時を指定してください。",
        "訪問日時をお客様に確認してから、予定に登録してください。",
        "第三者を介さず、お客様ご本人と直接お話ししてください。",
    ]


def test_time_out_reasons_have_japanese_labels():
    assert TimeOutReason.FACTS_UNVERIFIED.label_ja == "事実関係がまだ確認できていない"
