"""The reports page: it works, each role sees exactly its own figures, bad input is a
form error (never a 500), the queries are bounded."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_case
from tests.reports.conftest import closed_case

pytestmark = pytest.mark.django_db
URL = "/reports/"


def login(client, user):
    client.force_login(user)
    return client


def fan_rate(response) -> str:
    html = response.content.decode()
    start = html.index('id="fan-rate"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def endings(operator_a, rep_a, operator_b):
    """Team A: op_a 1 fan + 1 lost, rep_a 1 fan; team B: op_b 1 continues."""
    closed_case(operator_a, ending="fan")
    closed_case(operator_a, ending="trust_lost")
    closed_case(rep_a, ending="fan")
    closed_case(operator_b, ending="relationship_continues")


def test_reports_page_is_at_reports_and_needs_a_login(client):
    assert reverse("reports") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_reports_page_rejects_post(client, operator_a):
    assert login(client, operator_a).post(URL).status_code == 405


def test_operator_sees_only_their_own_figures(client, endings, operator_a):
    response = login(client, operator_a).get(URL)
    assert response.status_code == 200
    assert "50.0%" in fan_rate(response)
    assert 'name="team"' not in response.content.decode()


def test_sales_rep_sees_only_their_own_figures(client, endings, rep_a):
    response = login(client, rep_a).get(URL)
    assert "100.0%" in fan_rate(response)


def test_supervisor_sees_their_team_and_each_person_in_it(
    client, endings, supervisor_a, rep_a, operator_b
):
    client = login(client, supervisor_a)
    assert "66.7%" in fan_rate(client.get(URL))
    assert "100.0%" in fan_rate(client.get(URL, {"person": rep_a.pk}))
    # someone of another team is not a choice: a form error, not their figures
    response = client.get(URL, {"person": operator_b.pk})
    assert response.status_code == 400
    assert 'id="fan-rate"' not in response.content.decode()


def test_supervisor_cannot_pick_another_team(client, endings, supervisor_a, team_b):
    response = login(client, supervisor_a).get(URL, {"team": team_b.pk})
    assert response.status_code == 400
    assert "fan-rate" not in response.content.decode()


def test_admin_sees_everything_and_can_narrow_to_a_team(client, endings, admin_user, team_b):
    client = login(client, admin_user)
    assert "50.0%" in fan_rate(client.get(URL))
    assert "0.0%" in fan_rate(client.get(URL, {"team": team_b.pk}))


def test_operator_cannot_widen_the_scope_with_a_team_or_person(
    client, endings, operator_a, rep_a, team_a
):
    response = login(client, operator_a).get(URL, {"team": team_a.pk, "person": rep_a.pk})
    # the fields do not exist for an operator: ignored, still only their own cases
    assert "50.0%" in fan_rate(response)


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "1926-01-01", "end": "2026-01-01"},
        {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"},
        {"period": "custom", "start": "2026-02-01"},
        {"period": "custom", "start": "99999-01-01", "end": "2026-01-01"},
        {"period": "eternity"},
        {"team": "999999"},
        {"team": "x"},
        {"kind": "nonsense"},
        {"bucket": "decade"},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, admin_user, params):
    response = login(client, admin_user).get(URL, params)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_a_period_of_a_hundred_years_says_how_long_a_period_may_be(client, supervisor_a):
    response = login(client, supervisor_a).get(
        URL, {"period": "custom", "start": "1926-01-01", "end": "2025-12-31"}
    )
    assert "731" in response.content.decode()


def test_last_month_excludes_this_months_cases(client, operator_a):
    closed_case(operator_a, ending="fan")
    response = login(client, operator_a).get(URL, {"period": "last_month"})
    assert "—" in fan_rate(response)


def test_the_page_shows_every_table_with_its_definition_and_csv(client, endings, supervisor_a):
    html = login(client, supervisor_a).get(URL).content.decode()
    for key in (
        "endings",
        "fan_trend",
        "response_times",
        "by_kind",
        "by_channel",
        "by_background",
        "by_label",
        "open_by_stage",
        "demands",
        "escalations",
        "incidents",
        "followups",
        "coach",
    ):
        assert f'id="table-{key}"' in html
        assert f"/reports/tables/{key}.csv" in html
    assert "vendor/chart.umd.min.js" in html
    assert "<details><summary>" in html


def test_the_page_runs_a_bounded_number_of_queries(client, supervisor_a, operator_a):
    client = login(client, supervisor_a)
    closed_case(operator_a, ending="fan")
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(15):
        closed_case(operator_a, ending="fan")
        make_case(operator_a, first_message="至急対応してください。")
    with CaptureQueriesContext(connection) as filling:
        client.get(URL)  # stores the new cases' clocks (clock_cache): one bulk write
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
    assert len(few) <= 20
    # the stale-clock search, the atomic upsert (savepoint, insert … on conflict, release),
    # the clocks counted again
    assert len(filling) <= len(few) + 7


def test_a_case_whose_clock_changed_is_measured_again(client, supervisor_a, operator_a):
    from kamitaiou.cases.models import Case
    from kamitaiou.reports.models import ReportClock

    client = login(client, supervisor_a)
    case = make_case(operator_a, assignee=operator_a)
    client.get(URL)
    stored = ReportClock.objects.get(case=case)
    assert stored.first_response_minutes is None  # still running
    Case.objects.filter(pk=case.pk).update(first_response_at=case.opened_at + timedelta(hours=1))
    client.get(URL)
    stored.refresh_from_db()
    assert stored.first_response_minutes is not None


def test_response_times_come_from_the_sla_clocks(client, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    from kamitaiou.cases.models import Case

    # 10:00 in Tokyo on an ordinary Wednesday in the past (not "today at 10:00", which is
    # still ahead before 10:00 Tokyo), reported over that day
    opened = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    Case.objects.filter(pk=case.pk).update(
        opened_at=opened, first_response_at=opened + timedelta(minutes=30)
    )
    query = "?period=custom&start=2026-11-18&end=2026-11-18"
    html = login(client, operator_a).get(URL + query).content.decode()
    start = html.index('id="table-response_times"')
    assert "<td>0.5</td>" in html[start : html.index("</section>", start)]
