"""The case actions plan, fulfil and cancel follow-ups through the hooks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kamitaiou.cases import events
from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import ActionError, do_change_stage
from kamitaiou.cases.record import verify_case
from kamitaiou.followups import actions, planning
from kamitaiou.followups.models import FollowUp, SlaPause
from kamitaiou.method.followups import StageEntered
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.search import hooks
from tests.conftest import make_case, make_contract, make_customer
from tests.followups.conftest import accept_demand, outcome, walk_complaint_to_executing


def open_kinds(case):
    return sorted(case.followups.filter(status="open").values_list("kind", flat=True))


def followup_entries(case):
    return list(case.events.filter(kind="followup").values_list("data__action", flat=True))


def test_accepted_demand_plans_a_progress_report(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand", assignee=rep_a)
    accept_demand(rep_a, case)
    report = case.followups.get()
    assert report.kind == "progress_report"
    assert report.status == "open"
    assert report.due_at > timezone.now()
    assert "進捗報告" in report.title
    assert "現在" in report.script  # the §5.4 phrase as suggested wording
    assert report.owner is None  # the case's assignee acts
    assert FollowUp.objects.owned_by(rep_a).get() == report
    assert followup_entries(case) == ["created"]
    assert verify_case(case) == []


def test_planning_the_same_event_twice_creates_one_followup(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    at = case.followups.get().anchor_at
    event = StageEntered(
        case_id=case.pk, kind=CaseKind.UNREASONABLE_DEMAND, stage=Stage.EXECUTING, at=at
    )
    locked = type(case).objects.get(pk=case.pk)
    assert planning.apply_event(locked, event, actor=rep_a) == []
    assert planning.apply_event(locked, event, actor=rep_a) == []
    assert case.followups.count() == 1


def test_a_progress_report_fulfils_the_pending_one_and_plans_the_next(rep_a, ticking_clock):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    first = case.followups.get()
    ma.do_record_progress_report(rep_a, case, text="現在、工場で製作中です。", channel="phone")
    first.refresh_from_db()
    assert first.status == "done"
    assert first.done_by == rep_a
    assert open_kinds(case) == ["progress_report"]
    assert followup_entries(case) == ["created", "done", "created"]


def test_completing_a_progress_report_records_it_on_the_case(rep_a, ticking_clock):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    first = case.followups.get()
    actions.do_complete_followup(
        rep_a, first, done=actions.Completion(report_text="予定より順調です。", channel="mail")
    )
    case.refresh_from_db()
    assert case.facts["progress_reports"] == 1
    assert case.interactions.filter(direction="out", text="予定より順調です。").exists()
    assert case.followups.filter(status="done").count() == 1
    assert open_kinds(case) == ["progress_report"]
    assert verify_case(case) == []


def test_a_case_cadence_moves_the_open_report(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    report = case.followups.get()
    actions.do_set_progress_cadence(rep_a, case, hours=240)
    moved = FollowUp.objects.get(pk=report.pk)
    assert moved.due_at > report.due_at
    with pytest.raises(ActionError, match="1〜2160"):
        actions.do_set_progress_cadence(rep_a, case, hours=0)


def test_skipping_a_progress_report_keeps_the_cadence_going(rep_a, ticking_clock):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    report = case.followups.get()
    with pytest.raises(ActionError, match="理由"):
        actions.do_skip_followup(rep_a, report, note="  ")
    actions.do_skip_followup(rep_a, report, note="お客様から本日は連絡不要と言われた")
    report.refresh_from_db()
    assert report.status == "skipped"
    assert report.done_by == rep_a
    assert report.result_note == "お客様から本日は連絡不要と言われた"
    assert open_kinds(case) == ["progress_report"]


def test_leaving_executing_cancels_the_progress_report(rep_a, ticking_clock):
    case = make_case(rep_a, kind="unreasonable_demand")
    accept_demand(rep_a, case)
    ma.do_record_progress_report(rep_a, case, text="完成しました。", channel="phone")
    ma.do_record_outcome(rep_a, case, outcome=outcome())
    do_change_stage(rep_a, case, target="closed")
    first, report = case.followups.filter(kind="progress_report").order_by("pk")
    assert first.status == "done"
    assert report.status == "skipped"
    assert report.done_by is None  # cancelled by the system
    assert "完了" in report.result_note
    assert open_kinds(case) == ["after_follow_checkin"] * 3
    assert "cancelled" in followup_entries(case)


def test_complaint_in_execution_gets_a_verification_check(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    assert open_kinds(case) == ["verification_check"]


def test_not_improved_plans_a_rehearing_suggesting_hearing(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    check = case.followups.get(kind="verification_check")
    actions.do_complete_followup(operator_a, check, done=actions.Completion(improved=False))
    check.refresh_from_db()
    assert check.status == "done"
    rehearing = case.followups.get(kind="rehearing")
    assert rehearing.suggested_stage == "hearing"
    case.refresh_from_db()
    assert case.stage == "executing"  # suggested, never moved automatically
    assert case.facts["verification_improved"] is False


def test_completion_missing_its_answer_is_refused_and_nothing_is_saved(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    check = case.followups.get(kind="verification_check")
    seq = type(case).objects.get(pk=case.pk).record_seq
    with pytest.raises(ActionError, match="改善"):
        actions.do_complete_followup(operator_a, check, done=actions.Completion())
    check.refresh_from_db()
    assert check.status == "open"
    assert type(case).objects.get(pk=case.pk).record_seq == seq


def test_a_refused_side_effect_rolls_the_completion_back(rep_a, team_a):
    contract = make_contract(make_customer(team_a), product="オフィスチェア")
    case = actions.start_after_follow(rep_a, contract)
    call = case.followups.get()
    past = timezone.now() - timedelta(days=1)
    with pytest.raises(ActionError):
        actions.do_complete_followup(rep_a, call, done=actions.Completion(visit_at=past))
    call.refresh_from_db()
    assert call.status == "open"
    assert not case.visits.exists()


def test_time_out_plans_the_resume_and_pauses_the_clocks(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    until = timezone.now() + timedelta(days=1)
    ma.do_time_out(operator_a, case, until=until, reason="customer_excited")
    resume = case.followups.get(kind="resume_after_time_out")
    assert resume.due_at == until
    pause = SlaPause.objects.get(case=case)
    assert (pause.reason, pause.end) == ("time_out", until)


def test_closing_plans_three_check_ins_once(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    do_change_stage(operator_a, case, target="verifying")
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    do_change_stage(operator_a, case, target="closed")
    checkins = list(case.followups.filter(kind="after_follow_checkin").order_by("due_at"))
    assert [c.dedupe_key.rsplit(":", 1)[1] for c in checkins] == ["7d", "1m", "3m"]
    assert case.followups.filter(status="open").count() == 3
    assert case.followups.get(kind="verification_check").status == "done"
    # the check-ins are completed with a note on the closed case
    actions.do_complete_followup(operator_a, checkins[0], done=actions.Completion(note="問題なし"))
    assert verify_case(case) == []


def test_a_visit_for_a_complaint_survives_later_stage_changes(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    do_change_stage(operator_a, case, target="calming")
    ma.do_plan_visit(
        operator_a, case, planned_at=timezone.now() + timedelta(days=2), confirmed=True
    )
    assert open_kinds(case) == ["visit"]
    ma.do_record_fact(operator_a, case, fact="customer_calm", value=True)
    do_change_stage(operator_a, case, target="hearing")
    assert open_kinds(case) == ["visit"]


def test_a_new_contract_is_announced_once_and_the_search_index_reacts_once(rep_a, team_a):
    assert events.subscribers(events.ContractSaved).count(hooks.on_contract_saved) == 1
    customer = make_customer(team_a, name="佐藤 一郎")
    seen: list[events.ContractSaved] = []
    events.subscribe(events.ContractSaved, seen.append)
    try:
        contract = actions.do_add_contract(
            rep_a, customer, product="オフィスチェア", start_date=timezone.localdate()
        )
    finally:
        events.unsubscribe(events.ContractSaved, seen.append)
    assert [(saved.contract, saved.created) for saved in seen] == [(contract, True)]
    assert contract.cases.get().kind == "after_follow"


def test_new_contract_walks_the_after_follow_sequence(rep_a, team_a):
    customer = make_customer(team_a, name="佐藤 一郎")
    contract = actions.do_add_contract(
        rep_a, customer, product="オフィスチェア", start_date=timezone.localdate()
    )
    case = contract.cases.get()
    assert (case.kind, case.stage, case.assignee) == (
        "after_follow",
        "schedule_confirmation",
        rep_a,
    )
    call = case.followups.get()
    assert call.kind == "confirm_schedule_call"

    visit_at = timezone.now() + timedelta(days=3)
    actions.do_complete_followup(rep_a, call, done=actions.Completion(visit_at=visit_at))
    visit = case.followups.get(kind="visit")
    assert visit.due_at == visit_at
    assert case.visits.get().confirmed_with_customer

    do_change_stage(rep_a, case, target="visit")
    actions.do_complete_followup(rep_a, visit, done=actions.Completion(note="訪問済み"))
    question = case.followups.get(kind="satisfaction_question")
    assert "ご満足" in question.script

    actions.do_complete_followup(
        rep_a, question, done=actions.Completion(score=5, liked="座り心地が良い")
    )
    assert open_kinds(case) == ["referral_request", "upsell_proposal"]
    referral = case.followups.get(kind="referral_request")
    assert "腰や肩の疲れ" in referral.script
    assert "座り心地が良い" in referral.script

    do_change_stage(rep_a, case, target="satisfaction")
    edited = "在宅勤務で腰痛にお悩みのご友人はいらっしゃいませんか?"
    actions.do_complete_followup(rep_a, referral, done=actions.Completion(persona=edited))
    referral.refresh_from_db()
    assert referral.script == edited
    case.refresh_from_db()
    assert case.facts["referral_persona"] == edited
    assert verify_case(case) == []


def test_an_unsatisfied_customer_gets_no_upsell(rep_a, team_a):
    contract = make_contract(make_customer(team_a), product="複合機リース")
    case = actions.start_after_follow(rep_a, contract)
    do_change_stage_to_visit = case.followups.get()
    actions.do_complete_followup(
        rep_a,
        do_change_stage_to_visit,
        done=actions.Completion(visit_at=timezone.now() + timedelta(hours=2)),
    )
    ma.do_record_fact(rep_a, case, fact="satisfaction", value=2)
    assert "upsell_proposal" not in open_kinds(case)
    assert "referral_request" not in open_kinds(case)
    assert "address_dissatisfaction" in open_kinds(case)


def test_completing_twice_is_refused(operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    check = case.followups.get()
    actions.do_complete_followup(operator_a, check, done=actions.Completion(improved=True))
    with pytest.raises(ActionError, match="すでに"):
        actions.do_complete_followup(operator_a, check, done=actions.Completion(improved=True))
