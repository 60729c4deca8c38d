"""Guards enforced in the action layer (not only hidden buttons), for each role."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases import protection_actions as pa
from kamitaiou.cases.actions import ActionError, do_change_stage
from kamitaiou.cases.models import Escalation, HarassmentIncident
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk
from kamitaiou.method.outcome import Ending
from tests.conftest import make_case, make_user
from tests.walks import outcome, walk_complaint_to_verifying, walk_demand_to_scope


def fresh(case):
    case.refresh_from_db()
    return case


def test_apology_is_refused_before_fault_is_assessed(operator_a):
    case = make_case(operator_a)
    do_change_stage(operator_a, case, target="calming")
    ma.do_record_fact(operator_a, case, fact="customer_calm", value=True)
    do_change_stage(operator_a, case, target="hearing")
    with pytest.raises(ActionError, match="非があるかどうかを判断"):
        do_change_stage(operator_a, case, target="apology")
    ma.do_record_fact(operator_a, case, fact="fault_assessed", value=True)
    do_change_stage(operator_a, case, target="apology")
    assert fresh(case).stage == "apology"


def test_hearing_needs_a_calm_customer(operator_a):
    case = make_case(operator_a)
    do_change_stage(operator_a, case, target="calming")
    with pytest.raises(ActionError, match="落ち着いて"):
        do_change_stage(operator_a, case, target="hearing")


def test_complaint_cannot_close_without_a_verification_entry(operator_a):
    case = make_case(operator_a)
    walk_complaint_to_verifying(operator_a, case)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    with pytest.raises(ActionError, match="検証結果"):
        do_change_stage(operator_a, case, target="closed")
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    do_change_stage(operator_a, case, target="closed")
    assert fresh(case).closed_at is not None


def test_not_improved_goes_back_to_hearing(operator_a):
    case = make_case(operator_a)
    walk_complaint_to_verifying(operator_a, case)
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=False)
    with pytest.raises(ActionError):
        do_change_stage(operator_a, case, target="closed")
    do_change_stage(operator_a, case, target="hearing")
    assert fresh(case).stage == "hearing"


def test_close_needs_an_outcome(operator_a):
    case = make_case(operator_a)
    walk_complaint_to_verifying(operator_a, case)
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    with pytest.raises(ActionError, match="結果"):
        do_change_stage(operator_a, case, target="closed")


def test_an_invalid_outcome_is_refused(operator_a):
    case = make_case(operator_a)
    with pytest.raises(ActionError, match="ファン"):
        ma.do_record_outcome(operator_a, case, outcome=outcome(Ending.FAN, before=4, after=3))
    assert not case.outcomes.exists()


def test_unreasonable_demand_cannot_be_accepted_before_the_scope_is_fixed(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    walk_demand_to_scope(rep_a, case)
    with pytest.raises(ActionError, match="責任の範囲"):
        do_change_stage(rep_a, case, target="executing")
    ma.do_answer_scope(rep_a, case, answers=[("current_trouble", "発注漏れ", "customer")])
    with pytest.raises(ActionError, match="責任の範囲"):
        do_change_stage(rep_a, case, target="executing")
    ma.do_answer_scope(
        rep_a,
        case,
        answers=[
            ("shortfall", "展示品のため色味が異なる", "us"),
            ("incidental", "搬入許可はビル管理会社", "third_party"),
        ],
    )
    do_change_stage(rep_a, case, target="executing")
    assert fresh(case).stage == "executing"


def test_assessment_records_recommendation_decision_and_decider(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    do_change_stage(rep_a, case, target="empathy")
    record = ma.do_assess_demand(
        rep_a,
        case,
        decision="decline",
        assessment=Assessment(
            success_probability=10,
            risk=Risk(cost_yen=300_000, liability=Level.HIGH),
            benefit=Benefit(trust_gain=Level.LOW),
        ),
    )
    assert record.recommendation == "decline"
    assert record.decline_early is True
    assert record.decided_by == rep_a
    assert record.expected_value_yen < 0
    assert case.events.filter(kind="assessed").exists()


def test_accepted_demand_cannot_close_without_a_progress_report(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    walk_demand_to_scope(rep_a, case)
    ma.do_answer_scope(
        rep_a,
        case,
        answers=[
            ("current_trouble", "a", "customer"),
            ("shortfall", "b", "us"),
            ("incidental", "c", "force_majeure"),
        ],
    )
    do_change_stage(rep_a, case, target="executing")
    ma.do_record_outcome(rep_a, case, outcome=outcome(Ending.RELATIONSHIP_CONTINUES, 3, 3))
    with pytest.raises(ActionError, match="進捗報告"):
        do_change_stage(rep_a, case, target="closed")
    ma.do_record_progress_report(
        rep_a,
        case,
        channel="phone",
        text="現在、在庫の確保まで進んでおります。予定より順調でございます。",
    )
    do_change_stage(rep_a, case, target="closed")
    assert fresh(case).closed_at is not None


def special_request_pending(user, **kwargs):
    case = make_case(user, kind="special_request", **kwargs)
    do_change_stage(user, case, target="empathy")
    ma.do_record_fact(user, case, fact="customer_benefit", value=True)
    do_change_stage(user, case, target="approval_pending")
    return case


def test_operator_cannot_approve_special_handling(operator_a):
    case = special_request_pending(operator_a)
    with pytest.raises(ActionError, match="上長"):
        do_change_stage(operator_a, case, target="approved", approval_reason="長年のお取引")


def test_supervisor_approval_needs_a_written_reason(operator_a, supervisor_a):
    case = special_request_pending(operator_a)
    with pytest.raises(ActionError, match="理由"):
        do_change_stage(supervisor_a, case, target="approved")
    do_change_stage(supervisor_a, case, target="approved", approval_reason="お客様のためになる")
    event = case.events.get(kind="stage_changed", data__to="approved")
    assert event.actor == supervisor_a
    assert event.data["approval_reason"] == "お客様のためになる"


def test_illegal_special_request_cannot_be_approved_even_by_an_admin(operator_a, admin_user):
    case = make_case(
        operator_a,
        kind="special_request",
        first_message="現金で払うので、消費税を抜いてもらえませんか。",
    )
    assert "tax_evasion" in fresh(case).labels
    do_change_stage(operator_a, case, target="empathy")
    ma.do_record_fact(operator_a, case, fact="customer_benefit", value=True)
    with pytest.raises(ActionError, match=r"承認できません|禁止|法"):
        do_change_stage(operator_a, case, target="approval_pending")
    with pytest.raises(ActionError):
        do_change_stage(admin_user, case, target="approval_pending", approval_reason="管理者判断")
    assert fresh(case).stage == "empathy"


def test_policy_list_forbids_approval(operator_a, supervisor_a):
    from kamitaiou.cases.models import ForbiddenRequest

    ForbiddenRequest.objects.create(name="他社製品の修理", phrases="他社製品\n他社の機械")
    case = make_case(
        operator_a,
        kind="special_request",
        first_message="他社製品の修理もついでにお願いできませんか。",
    )
    do_change_stage(operator_a, case, target="empathy")
    ma.do_record_fact(operator_a, case, fact="customer_benefit", value=True)
    with pytest.raises(ActionError, match="他社製品の修理"):
        do_change_stage(supervisor_a, case, target="approval_pending")


def test_legal_threat_escalates_with_a_summary(operator_a):
    case = make_case(operator_a, first_message="誠意がないなら弁護士に相談して訴えます。")
    escalation = Escalation.objects.get(case=case)
    assert "legal_threat" in escalation.labels
    assert "【引き継ぎ】" in escalation.summary and "弁護士" in escalation.summary
    assert fresh(case).threat is True


def test_only_a_supervisor_accepts_an_escalation(operator_a, supervisor_a):
    case = make_case(operator_a, first_message="損害賠償を請求します。")
    escalation = Escalation.objects.get(case=case)
    with pytest.raises(ActionError):
        pa.do_accept_escalation(operator_a, escalation)
    pa.do_accept_escalation(supervisor_a, escalation)
    assert fresh(case).assignee == supervisor_a
    with pytest.raises(ActionError, match="すでに"):
        pa.do_accept_escalation(supervisor_a, escalation)


def test_pending_escalation_blocks_closing(operator_a, supervisor_a):
    case = make_case(operator_a, first_message="訴えますよ。")
    walk_complaint_to_verifying(operator_a, case)
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    with pytest.raises(ActionError, match="上長"):
        do_change_stage(operator_a, case, target="closed")
    pa.do_accept_escalation(supervisor_a, Escalation.objects.get(case=case))
    do_change_stage(supervisor_a, case, target="closed")


def test_harassment_creates_an_incident_record(operator_a):
    case = make_case(operator_a, first_message="お前みたいなクズは土下座しろ。")
    incident = HarassmentIncident.objects.get(case=case)
    assert {"abuse", "dogeza_demand"} <= set(incident.labels)
    assert incident.staff == operator_a
    assert "土下座" in incident.what_was_said


def test_reassign_needs_reason_and_handover_note(operator_a, rep_a, operator_b):
    case = make_case(operator_a, assignee=operator_a)
    with pytest.raises(ActionError):
        ma.do_reassign_case(operator_a, case, assignee=rep_a, reason="", handover_note="")
    with pytest.raises(ActionError, match="チーム"):
        ma.do_reassign_case(
            operator_a,
            case,
            assignee=operator_b,
            reason="交代",
            handover_note="経緯はタイムライン参照",
        )
    ma.do_reassign_case(
        operator_a,
        case,
        assignee=rep_a,
        reason="お客様が興奮されているため",
        handover_note="返金の可否が論点",
    )
    assert fresh(case).assignee == rep_a


def test_time_out_must_be_in_the_future(operator_a):
    case = make_case(operator_a)
    with pytest.raises(ActionError):
        ma.do_time_out(
            operator_a, case, until=timezone.now() - timedelta(hours=1), reason="customer_excited"
        )
    until = timezone.now() + timedelta(hours=3)
    ma.do_time_out(operator_a, case, until=until, reason="customer_excited")
    assert fresh(case).paused_until == until


def test_visit_needs_confirmation_with_the_customer(rep_a):
    case = make_case(rep_a, kind="after_follow")
    when = timezone.now() + timedelta(days=2)
    with pytest.raises(ActionError, match="確認"):
        ma.do_plan_visit(rep_a, case, planned_at=when, confirmed=False)
    ma.do_plan_visit(rep_a, case, planned_at=when, confirmed=True, note="先方会議室")
    do_change_stage(rep_a, case, target="visit")


def test_kind_change_lands_in_the_method_stage(rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    with pytest.raises(ActionError, match="理由"):
        ma.do_change_kind(rep_a, case, to="complaint", reason="")
    ma.do_change_kind(rep_a, case, to="complaint", reason="対応の遅れにご立腹")
    case = fresh(case)
    assert (case.kind, case.stage) == ("complaint", "calming")


def test_closed_case_refuses_further_moves(operator_a, supervisor_a):
    case = make_case(operator_a, kind="after_follow")
    ma.do_record_outcome(operator_a, case, outcome=outcome(Ending.RELATIONSHIP_CONTINUES, 3, 3))
    do_change_stage(operator_a, case, target="closed")
    with pytest.raises(ActionError, match="完了"):
        ma.do_record_fact(operator_a, case, fact="satisfaction", value=4)


def test_every_transition_and_decision_is_on_the_record(operator_a):
    case = make_case(operator_a)
    walk_complaint_to_verifying(operator_a, case)
    kinds = list(case.events.order_by("seq").values_list("kind", flat=True))
    assert kinds.count("stage_changed") == 6
    assert kinds.count("fact_recorded") == 3
    assert all(e.actor == operator_a for e in case.events.exclude(kind="created"))
    from kamitaiou.cases.record import verify_case

    assert verify_case(case) == []


def test_a_fact_of_the_wrong_type_is_refused(operator_a):
    case = make_case(operator_a)
    with pytest.raises(ActionError):
        ma.do_record_fact(operator_a, case, fact="customer_calm", value="yes")
    with pytest.raises(ActionError):
        ma.do_record_fact(operator_a, case, fact="no_such_fact", value=True)


def test_supervisor_of_other_team_cannot_act_through_the_views(client, operator_a, team_b):
    other = make_user("sv_b", "supervisor", team_b)
    case = make_case(operator_a)
    client.force_login(other)
    response = client.post(f"/cases/{case.pk}/do/move/", {"action": "start_calming"})
    assert response.status_code == 404
    assert fresh(case).stage == "received"
