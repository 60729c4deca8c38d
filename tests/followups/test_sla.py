"""SLA clocks: pause while waiting on the customer, escalate a breach once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kamitaiou.cases.actions import ActionError, do_change_stage
from kamitaiou.followups import actions
from kamitaiou.followups.models import FollowUp, SlaPause
from kamitaiou.followups.sla import case_sla, escalate_breaches
from tests.conftest import make_case


def old_complaint(user, *, days=10, **fields):
    return make_case(user, opened_at=timezone.now() - timedelta(days=days), **fields)


def test_a_fresh_case_is_not_breached(operator_a):
    case = make_case(operator_a)
    status = case_sla(case, now=timezone.now() + timedelta(minutes=1))
    assert status is not None
    assert not status.first_response.breached
    assert status.first_response.target_minutes == 120


def test_breach_escalates_to_the_team_supervisor_once(operator_a, supervisor_a):
    case = old_complaint(operator_a, assignee=operator_a)
    now = timezone.now()
    assert escalate_breaches(now=now) == 2  # first response and resolution
    assert escalate_breaches(now=now) == 0
    assert escalate_breaches(now=now + timedelta(hours=1)) == 0
    rows = FollowUp.objects.filter(case=case, kind="sla_breach_escalation")
    assert rows.count() == 2
    assert {r.owner for r in rows} == {supervisor_a}
    assert {r.for_role for r in rows} == {"supervisor"}
    assert all("期限" in r.note for r in rows)


def test_a_breach_already_handled_is_not_escalated_again(operator_a, supervisor_a):
    case = old_complaint(operator_a)
    escalate_breaches(now=timezone.now())
    for row in FollowUp.objects.filter(case=case):
        actions.do_skip_followup(supervisor_a, row, note="担当者と話した")
    assert escalate_breaches(now=timezone.now()) == 0


def test_closed_and_after_follow_cases_never_escalate(operator_a, rep_a):
    old_complaint(operator_a, kind="after_follow")
    assert escalate_breaches(now=timezone.now()) == 0


def test_waiting_on_the_customer_stops_the_clocks(operator_a):
    case = make_case(operator_a)
    actions.do_pause_sla(operator_a, case, note="見積りのご返答待ち")
    with pytest.raises(ActionError, match="すでに"):
        actions.do_pause_sla(operator_a, case)
    later = timezone.now() + timedelta(days=30)
    status = case_sla(case, now=later)
    assert status.paused_now
    assert not status.first_response.breached
    assert escalate_breaches(now=later) == 0

    actions.do_resume_sla(operator_a, case)
    pause = SlaPause.objects.get(case=case)
    assert pause.end is not None and pause.ended_by == operator_a
    with pytest.raises(ActionError, match="」ではありません"):
        actions.do_resume_sla(operator_a, case)
    kinds = list(case.events.filter(kind="followup").values_list("data__action", flat=True))
    assert kinds == ["sla_paused", "sla_resumed"]


def test_a_closed_case_cannot_be_paused(operator_a):
    from kamitaiou.cases import method_actions as ma
    from tests.followups.conftest import outcome, walk_complaint_to_executing

    case = make_case(operator_a)
    walk_complaint_to_executing(operator_a, case)
    do_change_stage(operator_a, case, target="verifying")
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    do_change_stage(operator_a, case, target="closed")
    with pytest.raises(ActionError, match="完了"):
        actions.do_pause_sla(operator_a, case)


def test_closing_cancels_an_open_escalation(operator_a, supervisor_a):
    from kamitaiou.cases import method_actions as ma
    from tests.followups.conftest import outcome, walk_complaint_to_executing

    case = old_complaint(operator_a)
    escalate_breaches(now=timezone.now())
    walk_complaint_to_executing(operator_a, case)
    do_change_stage(operator_a, case, target="verifying")
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    do_change_stage(operator_a, case, target="closed")
    escalations = FollowUp.objects.filter(case=case, kind="sla_breach_escalation")
    assert {e.status for e in escalations} == {"skipped"}


def _add(actor, case, direction, *, at):
    from kamitaiou.cases.actions import do_add_interaction

    return do_add_interaction(
        actor,
        case,
        direction=direction,
        channel="mail",
        text="お見積りの件、承知しました。",
        occurred_at=at,
    )


def test_the_customers_reply_ends_the_wait(operator_a):
    case = make_case(operator_a)
    pause = actions.do_pause_sla(operator_a, case, note="見積りのご返答待ち")
    SlaPause.objects.filter(pk=pause.pk).update(start=timezone.now() - timedelta(hours=1))
    # Our own reply and an internal note do not end the wait.
    _add(operator_a, case, "out", at=timezone.now())
    _add(operator_a, case, "internal", at=timezone.now())
    pause.refresh_from_db()
    assert pause.end is None
    # The customer's answer does, at the time they answered (logged a little later).
    answered = timezone.now() - timedelta(seconds=30)
    _add(operator_a, case, "in", at=answered)
    pause.refresh_from_db()
    assert pause.end == answered and pause.ended_by == operator_a
    assert not case_sla(case, now=timezone.now()).paused_now
    notes = list(case.events.filter(kind="followup").values_list("data__action", "data__note"))
    assert notes[-1] == ("sla_resumed", "お客様から返答がありました。")
    # A reply dated before the wait began never ends it before it began.
    pause2 = actions.do_pause_sla(operator_a, case)
    _add(operator_a, case, "in", at=timezone.now() - timedelta(days=3))
    pause2.refresh_from_db()
    assert pause2.end == pause2.start + timedelta(seconds=1)


def test_a_reply_without_a_wait_changes_no_clock(operator_a):
    case = make_case(operator_a)
    _add(operator_a, case, "in", at=timezone.now())
    assert not SlaPause.objects.filter(case=case).exists()
    assert not case.events.filter(kind="followup", data__action="sla_resumed").exists()


def test_the_timeline_names_the_clock_records(operator_a):
    from kamitaiou.cases.timeline import summarize

    case = make_case(operator_a)
    actions.do_pause_sla(operator_a, case, note="見積りのご返答待ち")
    actions.do_resume_sla(operator_a, case)
    events = case.events.filter(kind="followup").order_by("seq")
    lines = [summarize(e, kind=case.kind) for e in events]
    paused = "フォローアップ：お客様の返答待ち（対応期限の時計を停止）"
    assert lines[0] == f"{paused} / 見積りのご返答待ち"
    assert "見積りのご返答待ち" in lines[0]
    assert lines[1] == "フォローアップ：対応期限の時計を再開"
    assert all("「」" not in line and "期限 ）" not in line for line in lines)
