"""The private calendar feed: parsed back with icalendar, Tokyo times, revocable."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kamitaiou.cases import method_actions as ma
from kamitaiou.followups.actions import do_issue_calendar_token, do_revoke_calendar_token
from kamitaiou.followups.models import FollowUp
from tests.conftest import make_case
from tests.followups.conftest import walk_complaint_to_executing

TOKYO = ZoneInfo("Asia/Tokyo")


def events(body):
    calendar = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_feed_lists_my_followups_and_visits_in_tokyo_time(client, operator_a, operator_b):
    case = make_case(operator_a, assignee=operator_a, title="紙詰まり")
    walk_complaint_to_executing(operator_a, case)
    row = case.followups.get()
    visit_at = (timezone.now() + timedelta(days=2)).replace(microsecond=0, second=0)
    visit = ma.do_plan_visit(operator_a, case, planned_at=visit_at, confirmed=True)
    other = make_case(operator_b, assignee=operator_b, title="他チーム")
    walk_complaint_to_executing(operator_b, other)

    feed = do_issue_calendar_token(operator_a)
    assert len(feed.token) >= 40
    response = client.get(reverse("calendar_feed", args=[feed.token]))  # no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    assert set(found) == {f"followup-{row.pk}@localhost", f"visit-{visit.pk}@localhost"}

    start = found[f"followup-{row.pk}@localhost"].decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Tokyo"
    assert start == row.due_at.astimezone(TOKYO).replace(microsecond=0)
    visit_event = found[f"visit-{visit.pk}@localhost"]
    assert visit_event.decoded("dtstart") == visit_at.astimezone(TOKYO)
    assert "紙詰まり" in str(visit_event["summary"])
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID=Asia/Tokyo" in response.content

    again = events(client.get(reverse("calendar_feed", args=[feed.token])).content)
    assert set(again) == set(found)  # stable UIDs


def test_done_followups_leave_the_feed(client, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    FollowUp.objects.filter(case=case).update(status="done", done_at=timezone.now())
    feed = do_issue_calendar_token(operator_a)
    assert events(client.get(reverse("calendar_feed", args=[feed.token])).content) == {}


def test_revoked_or_replaced_token_is_404(client, operator_a):
    old = do_issue_calendar_token(operator_a).token
    new = do_issue_calendar_token(operator_a).token
    assert old != new
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200
    do_revoke_calendar_token(operator_a)
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 404
    assert client.get("/calendar/short.ics").status_code == 404


def test_calendar_settings_page_issues_and_revokes(client, operator_a):
    client.force_login(operator_a)
    assert "発行されていません" in client.get(reverse("calendar_settings")).content.decode()
    assert client.post(reverse("calendar_issue")).status_code == 302
    body = client.get(reverse("calendar_settings")).content.decode()
    assert operator_a.calendar_feed.token in body
    assert client.post(reverse("calendar_revoke")).status_code == 302
    assert client.get(reverse("calendar_issue")).status_code == 405
