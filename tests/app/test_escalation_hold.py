"""§9.5: once a supervisor takes over an escalated case (a legal threat), it stays theirs.
Only a supervisor or an admin hands it on, with the reason on the hash-chained record."""

import pytest
from django.urls import reverse

from kamitaiou.cases.actions import ActionError, do_assign_case
from kamitaiou.cases.method_actions import do_reassign_case
from kamitaiou.cases.models import Escalation
from kamitaiou.cases.protection_actions import do_accept_escalation
from kamitaiou.cases.record import verify_case
from tests.conftest import make_case, make_user

TAKE = "自分が担当する"


def threatened(operator):
    """A case whose customer threatened to sue, escalated automatically."""
    return make_case(
        operator, assignee=operator, first_message="誠意がないなら弁護士に相談して訴えます。"
    )


def taken_over(operator, supervisor):
    case = threatened(operator)
    do_accept_escalation(supervisor, Escalation.objects.get(case=case))
    case.refresh_from_db()
    assert case.assignee == supervisor
    return case


def take(client, user, case, reason=None):
    client.force_login(user)
    data = {} if reason is None else {"reason": reason}
    return client.post(reverse("take_case", args=[case.pk]), data)


def reassign(client, user, case, assignee, *, reason="担当替え", note="経緯は記録のとおり"):
    client.force_login(user)
    data = {
        "reassign-assignee": assignee.pk,
        "reassign-reason": reason,
        "reassign-handover_note": note,
    }
    return client.post(reverse("case_action", args=[case.pk, "reassign"]), data)


def body_of(client, user, case):
    client.force_login(user)
    return client.get(reverse("case_detail", args=[case.pk])).content.decode()


def test_operator_sees_no_take_button_on_a_case_a_supervisor_took_over(
    client, operator_a, rep_a, supervisor_a
):
    case = taken_over(operator_a, supervisor_a)
    body = body_of(client, rep_a, case)
    assert TAKE not in body
    assert "エスカレーション対応中" in body and "sv_a" in body
    assert f'action="/cases/{case.pk}/do/reassign/"' not in body


def test_operator_cannot_take_a_held_case_by_posting(client, operator_a, rep_a, supervisor_a):
    case = taken_over(operator_a, supervisor_a)
    events = case.events.count()
    response = take(client, rep_a, case, reason="私がやります")
    assert response.status_code == 400
    assert "上長（SV）または管理者のみ" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == supervisor_a
    assert case.events.count() == events


def test_operator_cannot_reassign_a_held_case_from_the_method_panel(
    client, operator_a, rep_a, supervisor_a
):
    case = taken_over(operator_a, supervisor_a)
    response = reassign(client, rep_a, case, rep_a)
    assert response.status_code == 400
    assert "上長（SV）または管理者のみ" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == supervisor_a


def test_another_supervisor_takes_over_only_with_a_reason_on_the_record(
    client, operator_a, supervisor_a, team_a
):
    case = taken_over(operator_a, supervisor_a)
    other = make_user("sv_a2", "supervisor", team_a)
    body = body_of(client, other, case)
    assert TAKE in body and 'name="reason"' in body
    response = take(client, other, case, reason="  ")
    assert response.status_code == 400
    assert "理由を記入してください" in response.content.decode()
    assert take(client, other, case, reason="sv_aが休暇のため引き継ぐ").status_code == 302
    case.refresh_from_db()
    assert case.assignee == other
    event = case.events.filter(kind="assigned").latest("seq")
    assert event.actor == other
    assert event.data["reason"] == "sv_aが休暇のため引き継ぐ"
    assert event.data["escalation_held_by"] == supervisor_a.pk
    assert verify_case(case) == []
    assert "sv_aが休暇のため引き継ぐ" in body_of(client, other, case)  # on the timeline


def test_supervisor_hands_the_case_back_with_a_reason_and_the_hold_ends(
    client, operator_a, rep_a, supervisor_a
):
    case = taken_over(operator_a, supervisor_a)
    response = reassign(
        client, supervisor_a, case, operator_a, reason="法務確認済み、通常対応へ戻す"
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == operator_a
    event = case.events.filter(kind="reassigned").latest("seq")
    assert event.data["reason"] == "法務確認済み、通常対応へ戻す"
    assert event.data["escalation_held_by"] == supervisor_a.pk
    assert take(client, rep_a, case).status_code == 302  # no longer held
    assert verify_case(case) == []


def test_an_admin_may_reassign_a_held_case_with_a_reason(operator_a, supervisor_a, admin_user):
    case = taken_over(operator_a, supervisor_a)
    with pytest.raises(ActionError, match="理由"):
        do_assign_case(admin_user, case, assignee=operator_a)
    do_assign_case(admin_user, case, assignee=operator_a, reason="体制変更のため")
    case.refresh_from_db()
    assert case.assignee == operator_a


def test_the_actions_refuse_an_operator_whatever_the_view(operator_a, rep_a, supervisor_a):
    case = taken_over(operator_a, supervisor_a)
    with pytest.raises(ActionError, match="上長"):
        do_assign_case(rep_a, case, assignee=rep_a, reason="代わります")
    with pytest.raises(ActionError, match="上長"):
        do_reassign_case(rep_a, case, assignee=rep_a, reason="代わります", handover_note="メモ")


def test_before_a_supervisor_takes_over_anyone_on_the_team_may_take_the_case(
    client, operator_a, rep_a, supervisor_a
):
    case = threatened(operator_a)  # escalated, still waiting for a supervisor
    assert TAKE in body_of(client, rep_a, case)
    assert take(client, rep_a, case).status_code == 302
    case.refresh_from_db()
    assert case.assignee == rep_a


def test_an_ordinary_case_is_taken_in_one_click(client, operator_a, rep_a):
    case = make_case(operator_a, assignee=operator_a)
    body = body_of(client, rep_a, case)
    assert TAKE in body and 'name="reason"' not in body
    assert take(client, rep_a, case).status_code == 302


def test_take_rejects_get_and_other_teams(client, operator_a, operator_b):
    case = make_case(operator_a, assignee=operator_a)
    client.force_login(operator_a)
    assert client.get(reverse("take_case", args=[case.pk])).status_code == 405
    assert take(client, operator_b, case).status_code == 404
