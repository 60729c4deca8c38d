"""Who reads an incident, its printable record and the report rows: the case's team
(the assignee, the person targeted, the supervisors of the team) and admins. Another
team's operator, sales rep and supervisor get 404 — as for a record that does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.protection import actions
from tests.conftest import make_user
from tests.protection.test_incident_record import _data

pytestmark = pytest.mark.django_db

OUTSIDERS = ["operator_b", "rep_b", "supervisor_b"]


@pytest.fixture
def restricted(draft, operator_a, supervisor_a):
    incident = actions.do_save_incident(operator_a, draft, data=_data(draft), confirm=True)
    actions.do_record_step(
        operator_a, incident, step="hand_to_supervisor", at=timezone.now() - timedelta(minutes=3)
    )
    actions.do_decide_restriction(
        supervisor_a,
        incident,
        kinds=["written_only"],
        reason="暴言が続いたため書面のみで対応する。",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    return incident


def _urls(incident):
    restriction = incident.restrictions.get()
    return [
        ("get", reverse("protection_incident", args=[incident.pk]), {}),
        ("get", reverse("protection_print", args=[incident.pk]), {}),
        ("post", reverse("protection_evidence", args=[incident.pk]), {"interaction": "1"}),
        ("post", reverse("protection_step", args=[incident.pk]), {"step": "warn"}),
        ("post", reverse("protection_restrict", args=[incident.pk]), {"kinds": ["refused"]}),
        ("post", reverse("protection_lift", args=[restriction.pk]), {"reason": "x" * 20}),
        ("get", reverse("protection_customer_restrictions", args=[incident.case.customer_id]), {}),
        ("get", reverse("protection_case_panel", args=[incident.case_id]), {}),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_another_teams_people_cannot_read_an_incident_or_its_printable_record(
    client, restricted, who, request
):
    client.force_login(request.getfixturevalue(who))
    for method, url, data in _urls(restricted):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (who, url)
    listing = client.get(reverse("protection_incidents")).content.decode()
    assert reverse("protection_incident", args=[restricted.pk]) not in listing


@pytest.mark.parametrize("who", OUTSIDERS)
def test_another_teams_people_see_no_row_of_the_report(client, restricted, who, request):
    client.force_login(request.getfixturevalue(who))
    month = timezone.localdate().strftime("%Y-%m")
    for name in ("protection_report", "protection_report_csv", "protection_report_xlsx"):
        response = client.get(reverse(name), {"month": month})
        if response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if name != "protection_report_xlsx":
                assert "東京チーム".encode() not in body
        else:
            assert response.status_code == 404
    team_a = restricted.case.team
    if who == "supervisor_b":
        response = client.get(reverse("protection_report"), {"month": month, "team": team_a.pk})
        assert response.status_code == 400


@pytest.mark.parametrize("who", ["operator_a", "supervisor_a", "admin_user"])
def test_the_assignee_the_teams_supervisor_and_admins_read_it(client, restricted, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("protection_incident", args=[restricted.pk])).status_code == 200
    printed = client.get(reverse("protection_print", args=[restricted.pk]))
    assert printed.status_code == 200


def test_a_colleague_of_the_team_who_is_not_involved_does_not_read_it(client, restricted, team_a):
    colleague = make_user("op_a2", "operator", team_a)
    client.force_login(colleague)
    assert client.get(reverse("protection_incident", args=[restricted.pk])).status_code == 404
    # the restriction itself is every handler's business: the banner shows on the case
    page = client.get(reverse("case_detail", args=[restricted.case_id])).content.decode()
    assert 'id="restriction-banner"' in page


def test_operators_and_sales_reps_have_no_report(client, operator_a, rep_a):
    for who in (operator_a, rep_a):
        client.force_login(who)
        assert client.get(reverse("protection_report")).status_code == 404
        assert client.get(reverse("protection_report_csv")).status_code == 404


def test_the_pages_refuse_the_wrong_method(client, restricted, supervisor_a):
    client.force_login(supervisor_a)
    assert client.get(reverse("protection_step", args=[restricted.pk])).status_code == 405
    assert client.post(reverse("protection_print", args=[restricted.pk])).status_code == 405
    assert client.post(reverse("protection_report")).status_code == 405
