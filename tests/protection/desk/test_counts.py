"""The two counts the monthly report takes from the desk (counts only)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kamitaiou.protection.desk_counts import checkins_done, consultations_received, month_bounds
from kamitaiou.protection.desk_models import CheckIn, Consultation
from tests.conftest import make_case
from tests.protection.desk.conftest import record_incident

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def test_month_bounds_are_tokyo_months():
    start, end = month_bounds(date(2026, 12, 15))
    assert start == datetime(2026, 12, 1, tzinfo=TOKYO)
    assert end == datetime(2027, 1, 1, tzinfo=TOKYO)


def test_consultations_received_counts_by_the_filers_team_and_month(
    operator_a, operator_b, team_a, team_b
):
    from kamitaiou.protection.desk_actions import do_file_consultation

    for user in (operator_a, operator_a, operator_b):
        do_file_consultation(user, topic="other", subject="s", body="b")
    Consultation.objects.filter(filed_by=operator_b).update(
        filed_at=datetime(2026, 10, 31, 23, 30, tzinfo=TOKYO)
    )
    this_month = timezone.localdate()
    assert consultations_received(team_a, this_month) == 2
    assert consultations_received(team_a.pk, this_month) == 2
    assert consultations_received(team_b, date(2026, 10, 1)) == 1
    assert consultations_received(team_b, date(2026, 11, 1)) == 0
    assert consultations_received(None, date(2026, 10, 1)) == 1


def test_checkins_done_counts_only_held_check_ins_of_the_teams_cases(
    operator_a, supervisor_a, operator_b, team_a, team_b
):
    record_incident(make_case(operator_a), operator_a)
    record_incident(make_case(operator_b), operator_b)
    held = datetime(2026, 11, 30, 23, 59, tzinfo=TOKYO)
    CheckIn.objects.filter(staff=operator_a, step__in=["next_day", "one_week"]).update(
        status="done", closed_at=held
    )
    CheckIn.objects.filter(staff=operator_a, step="one_month").update(
        status="declined", closed_at=held
    )
    assert checkins_done(team_a, date(2026, 11, 1)) == 2
    assert checkins_done(team_a, date(2026, 12, 1)) == 0
    assert checkins_done(team_b, date(2026, 11, 1)) == 0
