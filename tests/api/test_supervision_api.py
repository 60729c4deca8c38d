"""Supervisors' queues over the API: escalations (and taking one over), approvals."""

from __future__ import annotations

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.cases.models import Escalation
from tests.api.conftest import api_for
from tests.conftest import make_case


def test_a_legal_threat_waits_in_the_escalations_and_a_supervisor_takes_it_over(
    api_sv_a, api_op_a, operator_a
):
    case = make_case(operator_a, first_message="訴えます。弁護士に相談します。")
    escalation = Escalation.objects.get(case=case)
    items = api_sv_a.get("/api/v1/escalations").json()["items"]
    assert [i["id"] for i in items] == [escalation.pk]
    assert api_op_a.get("/api/v1/escalations").status_code == 403
    assert api_op_a.post(f"/api/v1/escalations/{escalation.pk}/accept").status_code == 403
    taken = api_sv_a.post(f"/api/v1/escalations/{escalation.pk}/accept")
    assert taken.status_code == 200, taken.content
    assert taken.json()["accepted_at"] is not None
    again = api_sv_a.post(f"/api/v1/escalations/{escalation.pk}/accept")
    assert again.status_code == 409
    assert api_sv_a.get("/api/v1/escalations").json()["items"] == []


def test_another_teams_escalation_is_404_for_a_supervisor(api_sv_a, operator_b):
    case = make_case(operator_b, first_message="訴えます。")
    escalation = Escalation.objects.get(case=case)
    assert api_sv_a.post(f"/api/v1/escalations/{escalation.pk}/accept").status_code == 404
    assert api_sv_a.get("/api/v1/escalations").json()["items"] == []


def test_approvals_list_what_waits_for_a_supervisor(api_sv_a, operator_a, supervisor_a):
    case = make_case(operator_a, kind="special_request", assignee=operator_a)
    do_change_stage(operator_a, case, target="empathy")
    ma.do_record_fact(operator_a, case, fact="customer_benefit", value=True)
    do_change_stage(operator_a, case, target="approval_pending")
    items = api_sv_a.get("/api/v1/approvals").json()["items"]
    assert [i["case_id"] for i in items] == [case.pk]
    assert items[0]["customer_benefit"] is True and items[0]["requested_at"]
    reader = api_for(supervisor_a, scope="read")
    assert reader.get("/api/v1/approvals").status_code == 200
    assert api_for(operator_a).get("/api/v1/approvals").status_code == 403
