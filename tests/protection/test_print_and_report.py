"""The printable record (item 7) with the evidence and its record hashes, the monthly
recurrence report per team on screen and as CSV/.xlsx with the desk's hook (item 7), and
the demo story (item 8)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kamitaiou.accounts.models import Team
from kamitaiou.cases.record import verify_case
from kamitaiou.protection import actions
from kamitaiou.protection import report as rp
from kamitaiou.protection.demo import load_story
from tests.conftest import make_user
from tests.protection.test_incident_record import _data

pytestmark = pytest.mark.django_db


@pytest.fixture
def handed(draft, operator_a):
    earlier = timezone.now() - timedelta(minutes=30)
    incident = actions.do_save_incident(
        operator_a, draft, data=_data(draft, occurred_at=earlier), confirm=True
    )
    actions.do_record_step(
        operator_a,
        incident,
        step="hand_to_supervisor",
        at=incident.occurred_at + timedelta(minutes=12),
    )
    return incident


def test_the_printable_record_carries_the_words_their_hashes_and_the_chain_check(
    client, handed, operator_a
):
    client.force_login(operator_a)
    page = client.get(reverse("protection_print", args=[handed.pk])).content.decode()
    evidence = handed.evidence.get()
    assert evidence.quote in page
    assert evidence.interaction.event.hash in page
    assert "protection/print.css" in page
    assert 'id="chain-status"' in page
    assert "改ざん" in page or "verifies" in page
    assert "暴言・人格否定" in page or "Verbal abuse" in page


def test_the_report_counts_by_category_time_to_supervisor_and_restrictions(
    client, handed, supervisor_a
):
    month = timezone.localtime(handed.occurred_at).strftime("%Y-%m")
    (row,) = rp.team_months(
        [handed.case.team], timezone.localtime(handed.occurred_at).date().replace(day=1)
    )
    assert row.recorded == 1
    assert row.by_category == {"verbal_abuse": 1, "dogeza": 1}
    assert row.median_minutes == 12.0
    assert row.desk == {"checkins_done": None, "consultations_received": None}
    client.force_login(supervisor_a)
    page = client.get(reverse("protection_report"), {"month": month}).content.decode()
    assert "12.0" in page
    assert client.get(reverse("protection_report"), {"month": "2026-13"}).status_code == 400
    assert client.get(reverse("protection_report_csv"), {"month": "x"}).status_code == 400


def test_the_report_downloads_as_csv_and_xlsx_with_japanese_headers(client, handed, supervisor_a):
    client.force_login(supervisor_a)
    month = timezone.localtime(handed.occurred_at).strftime("%Y-%m")
    csv = b"".join(client.get(reverse("protection_report_csv"), {"month": month}).streaming_content)
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("チーム,月,記録数")
    assert "東京チーム" in text
    response = client.get(reverse("protection_report_xlsx"), {"month": month})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[0][0] == "チーム"
    assert rows[1][0] == "東京チーム"


def test_the_desk_fills_its_counts_through_the_named_hook(handed):
    rp.register_desk_count("checkins_done", lambda team, start, end: 3)
    try:
        (row,) = rp.team_months(
            [handed.case.team], timezone.localtime(handed.occurred_at).date().replace(day=1)
        )
        assert row.desk["checkins_done"] == 3
        assert row.desk["consultations_received"] is None
    finally:
        rp.unregister_desk_count("checkins_done")
    with pytest.raises(ValueError, match="unknown"):
        rp.register_desk_count("who_filed", lambda team, start, end: 0)


def test_the_demo_tells_one_incident_from_the_first_abuse_to_a_restriction(db):
    team = Team.objects.create(name="東京コールセンター")
    operator = make_user("operator", "operator", team)
    supervisor = make_user("supervisor", "supervisor", team)
    incident = load_story(team=team, operator=operator, supervisor=supervisor)
    incident.refresh_from_db()
    assert incident.status == "confirmed"
    assert incident.evidence.count() == 3
    assert [s.step for s in incident.steps.order_by("at")] == [
        "warn",
        "end_contact",
        "hand_to_supervisor",
        "decide_restriction",
    ]
    assert incident.restrictions.get().in_force
    assert verify_case(incident.case) == []
