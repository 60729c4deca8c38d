"""Bulk actions on selected rows (issue #14 item 6): assign, priority, note — each
through the cases app's ``do_*`` action, one record event per case, all or nothing,
permission checked per case, at most 100 cases."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.cases.models import Case, CaseEvent, EventKind, Interaction
from kamitaiou.cases.record import verify_case
from tests.conftest import make_case, make_customer, make_user


def bulk(client, user, cases, **data):
    client.force_login(user)
    ids = [str(getattr(case, "pk", case)) for case in cases]
    return client.post(reverse("inbox_bulk"), {"case": ids, "back": "tab=team", **data})


def events(case, kind):
    return CaseEvent.objects.filter(case=case, kind=kind).count()


@pytest.fixture
def two(operator_a, team_a):
    customer = make_customer(team_a)
    return [make_case(operator_a, customer=customer, title=f"一括{n}") for n in range(2)]


def test_assign_two_cases_writes_one_event_each(client, operator_a, rep_a, two):
    response = bulk(client, operator_a, two, action="assign", assignee=str(rep_a.pk))
    assert response.status_code == 302 and response["Location"] == "/?tab=team"
    for case in two:
        case.refresh_from_db()
        assert case.assignee == rep_a
        assert events(case, EventKind.ASSIGNED) == 1
        assert verify_case(case) == []


def test_change_priority_moves_the_inbox_order(client, operator_a, two):
    before = [events(case, EventKind.PRIORITY_CHANGED) for case in two]
    bulk(client, operator_a, two, action="priority", priority="4")
    for case, count in zip(two, before, strict=True):
        case.refresh_from_db()
        assert case.priority == 4
        assert case.urgency == case.compute_urgency()
        assert case.inbox_rank == 1000 - case.urgency
        assert events(case, EventKind.PRIORITY_CHANGED) == count + 1
        assert verify_case(case) == []


def test_the_priority_change_reads_on_the_case_page(client, operator_a, two):
    bulk(client, operator_a, two[:1], action="priority", priority="4")
    body = client.get(reverse("case_detail", args=[two[0].pk])).content.decode()
    assert "優先度の変更：中 → 緊急" in body


def test_add_a_note_to_each(client, operator_a, two):
    bulk(client, operator_a, two, action="note", note="一括で確認済み")
    for case in two:
        notes = Interaction.objects.filter(case=case, direction="internal", text="一括で確認済み")
        assert notes.count() == 1
        assert verify_case(case) == []


def test_an_operators_bulk_action_on_another_teams_case_changes_nothing(
    client, operator_a, rep_a, two, case_b
):
    response = bulk(client, operator_a, [*two, case_b], action="assign", assignee=str(rep_a.pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert f"#{case_b.pk}" in body and "この案件はありません" in body
    assert case_b.title not in body  # the refusal reveals nothing of it
    for case in two:
        case.refresh_from_db()
        assert case.assignee != rep_a
        assert events(case, EventKind.ASSIGNED) == 0
    case_b.refresh_from_db()
    assert case_b.assignee is None or case_b.assignee.username != "rep_a"


def test_one_refusing_case_rolls_back_the_whole_selection(client, operator_a, two):
    closed = two[1]
    Case.objects.filter(pk=closed.pk).update(closed_at=closed.opened_at)
    response = bulk(client, operator_a, two, action="priority", priority="3")
    assert response.status_code == 400
    body = response.content.decode()
    assert f"#{closed.pk}" in body and "完了" in body
    two[0].refresh_from_db()
    assert two[0].priority == 2
    assert events(two[0], EventKind.PRIORITY_CHANGED) == 0


def test_assigning_someone_outside_a_cases_team_is_refused_by_case(
    client, team_a, team_b, operator_a, operator_b
):
    both = make_user("sv_both", "supervisor", team_a, team_b)
    tokyo = make_case(operator_a, title="東京の件")
    osaka = make_case(operator_b, title="大阪の件")
    response = bulk(client, both, [tokyo, osaka], action="assign", assignee=str(operator_a.pk))
    assert response.status_code == 400
    assert f"#{osaka.pk}" in response.content.decode()
    tokyo.refresh_from_db()
    assert tokyo.assignee is None  # as it was made; and no new event
    assert events(tokyo, EventKind.ASSIGNED) == 0


def test_the_refused_selection_stays_ticked(client, operator_a, rep_a, two, case_b):
    body = bulk(
        client, operator_a, [*two, case_b], action="assign", assignee=str(rep_a.pk)
    ).content.decode()
    assert body.count("checked") >= 2


@pytest.mark.parametrize(
    "data",
    [
        {"action": "assign", "assignee": ""},
        {"action": "assign", "assignee": "abc"},
        {"action": "assign", "assignee": "9" * 30},
        {"action": "priority", "priority": "9"},
        {"action": "priority", "priority": ""},
        {"action": "note", "note": "   "},
        {"action": "note", "note": "x" * 3000},
        {"action": "explode"},
        {},
    ],
)
def test_bad_input_is_a_form_error_and_nothing_changes(client, operator_a, two, data):
    response = bulk(client, operator_a, two, **data)
    assert response.status_code == 400
    assert 'id="inbox-errors"' in response.content.decode()
    assert (
        CaseEvent.objects.filter(case__in=two)
        .exclude(kind__in=[EventKind.CREATED, EventKind.INTERACTION])
        .count()
        == 0
    )


@pytest.mark.parametrize("ids", [[], ["x"], ["-1"], ["１"], ["0"]])
def test_a_bad_selection_is_refused(client, operator_a, two, ids):
    client.force_login(operator_a)
    response = client.post(
        reverse("inbox_bulk"), {"case": ids, "action": "priority", "priority": "3"}
    )
    assert response.status_code == 400


def test_more_than_100_cases_at_once_are_refused(client, operator_a, two):
    ids = [str(two[0].pk)] * 50 + [str(n) for n in range(10_000, 10_051)]
    response = bulk(client, operator_a, ids, action="priority", priority="3")
    assert response.status_code == 400
    two[0].refresh_from_db()
    assert two[0].priority == 2


def test_an_assignee_from_another_team_is_not_offered_nor_accepted(
    client, operator_a, operator_b, two
):
    response = bulk(client, operator_a, two, action="assign", assignee=str(operator_b.pk))
    assert response.status_code == 400
    for case in two:
        case.refresh_from_db()
        assert case.assignee is None


def test_bulk_needs_a_post(client, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("inbox_bulk")).status_code == 405
