"""The two counts the monthly report takes from the desk (counts only)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kamitaiou.protection import desk_counts
from kamitaiou.protection.desk_models import CheckIn, Consultation
from kamitaiou.protection.report import month_bounds
from tests.conftest import make_case
from tests.protection.desk.conftest import record_incident

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def consultations_received(team, month):
    return desk_counts.consultations_received(team, *month_bounds(month))


def checkins_done(team, month):
    return desk_counts.checkins_done(team, *month_bounds(month))


def test_the_report_cuts_tokyo_months():
    start, end = month_bounds(date(2026, 12, 1))
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
    this_month = timezone.localdate().replace(day=1)
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


def test_the_monthly_report_shows_the_desks_counts_on_screen_and_in_the_csv(
    client, incident_a, operator_a, supervisor_a, team_a
):
    import re

    from django.urls import reverse

    from kamitaiou.protection.desk_actions import do_file_consultation

    CheckIn.objects.filter(staff=operator_a, step="next_day").update(
        status="done", closed_at=timezone.now()
    )
    for _ in range(2):
        do_file_consultation(operator_a, topic="borderline", subject="s", body="b")
    month = timezone.localdate().strftime("%Y-%m")
    client.force_login(supervisor_a)
    page = client.get(reverse("protection_report"), {"month": month}).content.decode()
    row = re.search(r"<tr><th>東京チーム</th>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row)[-2:] == ["1", "2"]
    csv = b"".join(client.get(reverse("protection_report_csv"), {"month": month}).streaming_content)
    header, line = csv.decode("utf-8-sig").splitlines()[:2]
    assert header.endswith("ケア面談の実施数,相談窓口の受付数")
    assert line.endswith(",1,2")
