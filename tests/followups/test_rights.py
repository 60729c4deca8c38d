"""A follow-up is completed or skipped by its owner or someone above them (a supervisor of
the team, an admin): enforced in the actions, and the buttons are hidden from the rest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import ActionError
from kamitaiou.followups import actions
from kamitaiou.followups.access import FollowUpRights
from kamitaiou.followups.models import FollowUp
from kamitaiou.followups.sla import escalate_breaches
from tests.conftest import make_case
from tests.followups.conftest import walk_complaint_to_executing

MARK_DONE = "完了にする"


def breach_report(operator):
    """An SLA-breach report: the supervisor's own follow-up on the operator's case."""
    case = make_case(operator, assignee=operator, opened_at=timezone.now() - timedelta(days=10))
    escalate_breaches(now=timezone.now())
    return case.followups.filter(kind="sla_breach_escalation").first()


def verification(operator):
    """The operator's own follow-up (the verification check of a complaint fix)."""
    case = make_case(operator, assignee=operator)
    walk_complaint_to_executing(operator, case)
    return case.followups.get(kind="verification_check")


def fresh(row):
    return FollowUp.objects.select_related("case", "case__assignee", "customer", "owner").get(
        pk=row.pk
    )


def test_an_operator_cannot_complete_or_skip_a_supervisors_breach_report(operator_a, supervisor_a):
    row = breach_report(operator_a)
    assert row.owner == supervisor_a
    with pytest.raises(ActionError, match="担当者（sv_a）"):
        actions.do_complete_followup(operator_a, row, done=actions.Completion(note="見ました"))
    with pytest.raises(ActionError, match="担当者（sv_a）"):
        actions.do_skip_followup(operator_a, row, note="不要")
    assert fresh(row).status == "open"


def test_the_supervisor_and_an_admin_complete_the_breach_report(
    operator_a, supervisor_a, admin_user
):
    row = breach_report(operator_a)
    actions.do_complete_followup(supervisor_a, row, done=actions.Completion(note="本人と面談"))
    assert fresh(row).status == "done"
    second = row.case.followups.filter(kind="sla_breach_escalation", status="open").first()
    assert second is not None
    actions.do_skip_followup(admin_user, second, note="管理者が確認済み")
    assert fresh(second).status == "skipped"


def test_the_owner_and_their_supervisor_act_on_the_owners_followup(operator_a, supervisor_a):
    row = verification(operator_a)
    rights = FollowUpRights(supervisor_a)
    assert rights.may_act(fresh(row))
    actions.do_skip_followup(supervisor_a, row, note="担当者の代わりにSVが確認")
    assert fresh(row).status == "skipped"
    other = verification(operator_a)
    actions.do_complete_followup(operator_a, other, done=actions.Completion(improved=True))


def test_a_colleague_cannot_complete_someone_elses_followup(operator_a, rep_a):
    row = verification(operator_a)
    with pytest.raises(ActionError, match="担当者（op_a）"):
        actions.do_complete_followup(rep_a, row, done=actions.Completion(improved=True))
    assert not FollowUpRights(rep_a).may_act(fresh(row))


def test_an_unowned_followup_is_open_to_the_team(operator_a, rep_a):
    row = verification(operator_a)
    type(row.case).objects.filter(pk=row.case_id).update(assignee=None)
    actions.do_complete_followup(rep_a, fresh(row), done=actions.Completion(improved=True))
    assert fresh(row).done_by == rep_a


def test_a_supervisor_followup_nobody_owns_is_still_not_for_an_operator(operator_a):
    row = verification(operator_a)
    FollowUp.objects.filter(pk=row.pk).update(for_role="supervisor")
    type(row.case).objects.filter(pk=row.case_id).update(assignee=None)
    assert not FollowUpRights(operator_a).may_act(fresh(row))
    assert "上長（SV）または管理者" in FollowUpRights(operator_a).refusal(fresh(row))


# --- the pages hide the buttons and the views refuse -----------------------------------


def test_today_hides_complete_and_skip_on_a_breach_report_for_the_operator(
    client, operator_a, supervisor_a
):
    row = breach_report(operator_a)
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[row.case_id])).content.decode()
    assert f'action="/followups/{row.pk}/complete/"' not in body
    assert "担当者か、チームの上長（SV）・管理者です" in body
    client.force_login(supervisor_a)
    body = client.get(reverse("today")).content.decode()
    assert f'action="/followups/{row.pk}/complete/"' in body
    assert MARK_DONE in body


def test_the_views_refuse_a_complete_or_skip_from_someone_else(client, operator_a, supervisor_a):
    row = breach_report(operator_a)
    client.force_login(operator_a)
    response = client.post(
        reverse("followup_complete", args=[row.pk]), {f"f{row.pk}-note": "見ました"}
    )
    assert response.status_code == 400
    assert "担当者（sv_a）" in response.content.decode()
    response = client.post(reverse("followup_skip", args=[row.pk]), {f"s{row.pk}-note": "不要"})
    assert response.status_code == 400
    assert fresh(row).status == "open"


def test_rights_on_a_list_cost_one_query_for_the_teams(
    operator_a, supervisor_a, django_assert_num_queries
):
    rows = [fresh(verification(operator_a)) for _n in range(4)]
    rights = FollowUpRights(supervisor_a)
    with django_assert_num_queries(1):
        assert all(rights.may_act(row) for row in rows)


def test_a_breach_report_that_fell_back_to_the_operator_is_still_not_theirs(operator_a):
    row = breach_report(operator_a)  # the team has no supervisor: no owner is named
    assert row.owner is None and row.for_role == "supervisor"
    with pytest.raises(ActionError, match="上長（SV）または管理者"):
        actions.do_complete_followup(operator_a, row, done=actions.Completion(note="見ました"))
