"""The consultation desk: anyone files; only the desk and admins read; nobody else learns
who filed; the desk links a case / incident and records notes and a status."""

import pytest
from django.urls import reverse

from kamitaiou.protection.desk_actions import do_file_consultation
from kamitaiou.protection.desk_models import Consultation, DeskEvent
from tests.conftest import make_case, make_user

pytestmark = pytest.mark.django_db

SECRET = "上長に言えない悩みです"


def file(user, **fields):
    fields.setdefault("topic", "borderline")
    fields.setdefault("subject", "判断に迷う電話")
    fields.setdefault("body", SECRET)
    return do_file_consultation(user, **fields)


def test_any_staff_member_files_a_borderline_case_anonymously_towards_the_supervisor(
    client, operator_a
):
    client.force_login(operator_a)
    response = client.post(
        reverse("consultation_new"),
        {"topic": "borderline", "subject": "毎日の長電話", "body": "これはカスハラでしょうか"},
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.filed_by == operator_a
    assert consultation.share_name_with_supervisor is False
    assert DeskEvent.objects.get(kind="consultation_filed").data == {
        "consultation": consultation.pk
    }
    # the filer sees their own, with its status
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert "これはカスハラでしょうか" in page and "受付" in page


def test_bad_input_is_a_form_error_and_saves_nothing(client, operator_a):
    client.force_login(operator_a)
    for data in (
        {"topic": "x", "subject": "a", "body": "b"},
        {"topic": "other", "subject": "", "body": "b"},
        {"topic": "other", "subject": "a", "body": "b" * 10_001},
        {"topic": "other", "subject": "a", "body": "b", "occurred_on": "2999-01-01"},
        {"topic": "other", "subject": "a", "body": "b", "occurred_on": "昨日"},
    ):
        assert client.post(reverse("consultation_new"), data).status_code == 400, data
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("who", ["operator", "rep", "supervisor", "other_operator", "other_sv"])
def test_nobody_but_the_desk_reads_a_consultation_or_learns_who_filed_it(
    client, who, operator_a, rep_a, supervisor_a, operator_b, team_b
):
    colleague = make_user("op_a2", "operator", *operator_a.teams.all())
    consultation = file(colleague)  # supervisor_a is the filer's own supervisor
    reader = {
        "operator": operator_a,
        "rep": rep_a,
        "supervisor": supervisor_a,
        "other_operator": operator_b,
        "other_sv": make_user("sv_b", "supervisor", team_b),
    }[who]
    client.force_login(reader)
    for name in ("consultation_detail", "consultation_update"):
        url = reverse(name, args=[consultation.pk])
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"status": "closed"})
            assert response.status_code in (404, 405), (name, method)
            assert "op_a2" not in response.content.decode()
    listing = client.get(reverse("consultation_list")).content.decode()
    assert "判断に迷う電話" not in listing and "op_a2" not in listing
    assert "op_a2" not in client.get(reverse("today")).content.decode()
    consultation.refresh_from_db()
    assert consultation.status == "received"


def test_the_filer_does_not_see_the_desks_notes(client, operator_a, desk_user):
    consultation = file(operator_a)
    client.force_login(desk_user)
    client.post(
        reverse("consultation_update", args=[consultation.pk]),
        {"status": "in_progress", "note": "人事と共有済み（内部メモ）"},
    )
    client.force_login(operator_a)
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert "対応中" in page
    assert "内部メモ" not in page


def test_the_desk_and_admins_read_every_consultation_with_the_filer(
    client, operator_a, desk_user, admin_user
):
    consultation = file(operator_a)
    for reader in (desk_user, admin_user):
        client.force_login(reader)
        listing = client.get(reverse("consultation_list")).content.decode()
        assert "判断に迷う電話" in listing and "op_a" in listing
        page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
        assert SECRET in page
        assert "上長には匿名" in page


def test_the_desk_links_a_case_and_incident_by_number_and_records_a_note(
    client, operator_a, admin_user, incident_a
):
    consultation = file(operator_a)
    client.force_login(admin_user)
    url = reverse("consultation_update", args=[consultation.pk])
    response = client.post(
        url,
        {"status": "in_progress", "case_number": f"#{incident_a.case_id}", "note": "本人と面談"},
    )
    assert response.status_code == 302
    response = client.post(url, {"status": "in_progress", "incident_id": str(incident_a.pk)})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.case_id == incident_a.case_id
    assert consultation.incident_id == incident_a.pk
    assert consultation.notes.get().text == "本人と面談"
    page = client.get(reverse("consultation_detail", args=[consultation.pk])).content.decode()
    assert f"#{incident_a.case_id}" in page and "本人と面談" in page


def test_the_desk_links_only_a_case_it_may_see_and_bad_numbers_are_form_errors(
    client, operator_a, desk_user, case_b
):
    consultation = file(operator_a)
    client.force_login(desk_user)  # the desk person belongs to no team: sees no case
    url = reverse("consultation_update", args=[consultation.pk])
    for number in (str(case_b.pk), "abc", "99999999999999999999999", "１２"):
        response = client.post(url, {"status": "closed", "case_number": number})
        assert response.status_code == 400, number
    response = client.post(url, {"status": "bogus"})
    assert response.status_code == 400
    response = client.post(url, {"status": "received"})  # nothing changed
    assert response.status_code == 400
    consultation.refresh_from_db()
    assert consultation.case_id is None and consultation.status == "received"


def test_an_incident_of_another_case_is_refused(client, operator_a, admin_user, incident_a):
    consultation = file(operator_a)
    other = make_case(operator_a)
    client.force_login(admin_user)
    url = reverse("consultation_update", args=[consultation.pk])
    client.post(url, {"status": "in_progress", "case_number": str(other.pk)})
    response = client.post(url, {"status": "in_progress", "incident_id": str(incident_a.pk)})
    assert response.status_code == 400
    consultation.refresh_from_db()
    assert consultation.incident_id is None


def test_the_pages_reject_the_wrong_method(client, operator_a):
    consultation = file(operator_a)
    client.force_login(operator_a)
    assert client.post(reverse("consultation_list")).status_code == 405
    assert client.post(reverse("consultation_detail", args=[consultation.pk])).status_code == 405
    assert client.get(reverse("consultation_update", args=[consultation.pk])).status_code == 405
    assert client.put(reverse("consultation_new")).status_code == 405


def test_signed_out_people_are_sent_to_log_in(client):
    assert client.get(reverse("consultation_list")).status_code == 302


def test_the_desks_list_costs_a_fixed_number_of_queries(
    client, operator_a, desk_user, django_assert_max_num_queries
):
    for n in range(15):
        file(operator_a, subject=f"相談{n}")
    client.force_login(desk_user)
    with django_assert_max_num_queries(8):
        client.get(reverse("consultation_list"))
