"""Care for staff: an incident plans the targeted person's check-ins with their supervisor,
through the follow-ups engine; the person may decline; what was said stays private."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.followups.models import FollowUp
from kamitaiou.protection.desk_models import CheckIn, DeskEvent
from tests.conftest import make_case, make_user
from tests.protection.desk.conftest import record_incident

pytestmark = pytest.mark.django_db


def record(client, checkin, **data):
    payload = {
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "wellbeing": "strained",
        "how_they_are": "眠れない日が続いている",
        "agreed": "今週は電話当番を外す",
    }
    payload.update(data)
    return client.post(reverse("checkin_record", args=[checkin.pk]), payload)


def test_recording_an_incident_plans_three_check_ins_held_by_the_supervisor(
    incident_a, operator_a, supervisor_a
):
    rows = list(CheckIn.objects.order_by("followup__due_at"))
    assert [r.step for r in rows] == ["next_day", "one_week", "one_month"]
    assert {r.staff for r in rows} == {operator_a}
    assert {r.supervisor for r in rows} == {supervisor_a}
    followups = FollowUp.objects.filter(kind="staff_checkin")
    assert followups.count() == 3
    assert {f.owner for f in followups} == {supervisor_a}
    assert all(f.case_id is None for f in followups)  # not on the customer's case
    assert DeskEvent.objects.filter(kind="checkins_planned").count() == 1


def test_the_check_ins_are_not_on_the_case_record_nor_its_page(client, incident_a, operator_a):
    case = incident_a.case
    assert not case.events.filter(kind="followup").exists()
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "ケア面談" not in page


def test_a_second_incident_joins_the_open_care_instead_of_planning_again(incident_a, operator_a):
    record_incident(incident_a.case, operator_a)
    assert CheckIn.objects.count() == 3


def test_the_supervisor_sees_the_check_in_on_the_today_page_with_a_link_to_record_it(
    client, incident_a, supervisor_a
):
    FollowUp.objects.filter(kind="staff_checkin").update(due_at=timezone.now() + timedelta(hours=1))
    client.force_login(supervisor_a)
    page = client.get(reverse("today")).content.decode()
    assert "ケア面談" in page
    first = FollowUp.objects.filter(kind="staff_checkin").first()
    assert reverse("checkin_by_followup", args=[first.pk]) in page
    assert reverse("followup_complete", args=[first.pk]) not in page


def test_a_colleague_sees_neither_the_follow_up_nor_the_check_in(client, incident_a, rep_a):
    followup = FollowUp.objects.filter(kind="staff_checkin").first()
    checkin = CheckIn.objects.first()
    client.force_login(rep_a)
    assert client.get(reverse("followup_detail", args=[followup.pk])).status_code == 404
    assert client.get(reverse("checkin_detail", args=[checkin.pk])).status_code == 404
    assert client.get(reverse("checkin_by_followup", args=[followup.pk])).status_code == 404
    assert "ケア面談（翌営業日）" not in client.get(reverse("today")).content.decode()


def test_the_generic_complete_button_cannot_close_a_check_in(client, incident_a, supervisor_a):
    followup = FollowUp.objects.filter(kind="staff_checkin").first()
    client.force_login(supervisor_a)
    client.post(reverse("followup_complete", args=[followup.pk]), {f"f{followup.pk}-note": "x"})
    followup.refresh_from_db()
    assert followup.status == "open"


def test_the_supervisor_records_it_and_afterwards_cannot_read_what_was_said(
    client, incident_a, supervisor_a, operator_a, desk_user, admin_user
):
    checkin = CheckIn.objects.get(step="next_day")
    client.force_login(supervisor_a)
    response = record(client, checkin)
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.status == "done"
    assert checkin.followup.status == "done"
    assert "眠れない" not in checkin.followup.result_note
    page = client.get(reverse("checkin_detail", args=[checkin.pk])).content.decode()
    assert "実施済み" in page
    assert "眠れない" not in page
    for reader in (operator_a, desk_user, admin_user):
        client.force_login(reader)
        page = client.get(reverse("checkin_detail", args=[checkin.pk])).content.decode()
        assert "眠れない" in page, reader
        assert "今週は電話当番を外す" in page


def test_the_person_cannot_record_their_own_check_in(client, incident_a, operator_a):
    checkin = CheckIn.objects.first()
    client.force_login(operator_a)
    assert record(client, checkin).status_code == 400
    checkin.refresh_from_db()
    assert checkin.status == "planned"


def test_bad_input_is_a_form_error(client, incident_a, supervisor_a):
    checkin = CheckIn.objects.first()
    client.force_login(supervisor_a)
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    for data in (
        {"held_at": "tomorrow"},
        {"held_at": future},
        {"wellbeing": "x"},
        {"how_they_are": ""},
    ):
        response = record(client, checkin, **data)
        assert response.status_code == 400, data
    checkin.refresh_from_db()
    assert checkin.status == "planned"


def test_the_person_declines_this_and_the_remaining_check_ins(
    client, incident_a, operator_a, supervisor_a
):
    checkin = CheckIn.objects.get(step="next_day")
    client.force_login(operator_a)
    response = client.post(
        reverse("checkin_decline", args=[checkin.pk]),
        {"note": "今は話したくない", "all_remaining": "on"},
    )
    assert response.status_code == 302
    assert set(CheckIn.objects.values_list("status", flat=True)) == {"declined"}
    assert set(FollowUp.objects.filter(kind="staff_checkin").values_list("status", flat=True)) == {
        "skipped"
    }
    assert DeskEvent.objects.filter(kind="checkin_declined", actor=operator_a).exists()
    client.force_login(supervisor_a)
    page = client.get(reverse("checkin_detail", args=[checkin.pk])).content.decode()
    assert "本人が辞退" in page
    assert "今は話したくない" not in page


def test_the_supervisor_cannot_decline_for_the_person(client, incident_a, supervisor_a):
    checkin = CheckIn.objects.first()
    client.force_login(supervisor_a)
    assert client.post(reverse("checkin_decline", args=[checkin.pk]), {}).status_code == 400
    checkin.refresh_from_db()
    assert checkin.status == "planned"


def test_another_teams_supervisor_sees_nothing(client, incident_a, team_b):
    other = make_user("sv_b", "supervisor", team_b)
    checkin = CheckIn.objects.first()
    client.force_login(other)
    assert client.get(reverse("checkin_detail", args=[checkin.pk])).status_code == 404
    assert client.post(reverse("checkin_record", args=[checkin.pk]), {}).status_code == 404


def test_the_check_in_pages_reject_the_wrong_method(client, incident_a, operator_a):
    checkin = CheckIn.objects.first()
    client.force_login(operator_a)
    assert client.post(reverse("checkin_list")).status_code == 405
    assert client.post(reverse("checkin_detail", args=[checkin.pk])).status_code == 405
    assert client.get(reverse("checkin_record", args=[checkin.pk])).status_code == 405
    assert client.get(reverse("checkin_decline", args=[checkin.pk])).status_code == 405


def test_the_list_shows_my_check_ins_and_those_i_hold(client, incident_a, operator_a, supervisor_a):
    client.force_login(operator_a)
    assert "翌営業日" in client.get(reverse("checkin_list")).content.decode()
    client.force_login(supervisor_a)
    page = client.get(reverse("checkin_list")).content.decode()
    assert 'id="held-checkins"' in page
    assert "op_a" in page


def test_an_incident_without_any_supervisor_falls_back_to_an_admin(operator_b, admin_user):
    case = make_case(operator_b, assignee=operator_b)
    record_incident(case, operator_b)
    assert {c.supervisor for c in CheckIn.objects.all()} == {admin_user}


def test_a_check_in_falling_due_is_never_sent_to_a_webhook(incident_a, operator_a, team_a):
    from kamitaiou.api import followup_due
    from kamitaiou.api.models import WebhookDelivery, WebhookEndpoint

    WebhookEndpoint.objects.create(team=team_a, url="http://127.0.0.1:9/", events=["followup.due"])
    now = timezone.now()
    followup_due.queue_followups_due(now=now)
    checkins = FollowUp.objects.filter(kind="staff_checkin")
    assert checkins.count() == 3
    checkins.update(due_at=now + timedelta(minutes=1))
    other = FollowUp.objects.create(
        case=incident_a.case,
        customer=incident_a.case.customer,
        kind="after_follow_checkin",
        due_at=now + timedelta(minutes=1),
        title="ご様子伺い",
        dedupe_key="test:other",
    )
    assert followup_due.queue_followups_due(now=now + timedelta(minutes=2)) == 1
    assert WebhookDelivery.objects.get().payload["followup"]["id"] == other.pk
