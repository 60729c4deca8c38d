"""Hostile input for the newer apps' forms — protection (incidents, steps, restrictions,
consultations, check-ins, the policy), reports (the import upload, the report filters),
the inbox (saved views, bulk changes), privacy (the view log's filters, the customer
disclosure): the values of ``tests.app.test_hostile_input`` one field at a time, and hostile
files. Nothing answers 5xx, and a refused request leaves every table as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kamitaiou.inbox.actions import do_save_view
from kamitaiou.inbox.forms import BulkForm, SaveViewForm, ViewNameForm
from kamitaiou.privacy.forms import ViewLogFilter
from kamitaiou.protection import actions as protection_actions
from kamitaiou.protection import forms as pf
from kamitaiou.protection.desk_actions import do_file_consultation
from kamitaiou.protection.desk_forms import (
    CheckInDeclineForm,
    CheckInRecordForm,
    ConsultationForm,
    ConsultationUpdateForm,
    PolicyForm,
)
from kamitaiou.protection.desk_models import CheckIn
from kamitaiou.reports.forms import ReportForm
from kamitaiou.reports.import_forms import RunForm
from kamitaiou.reports.models import ImportJob
from tests.app.test_hostile_input import BAD_IDS, HOSTILE, MORE, Probe, form_data
from tests.conftest import make_case, make_user
from tests.protection.conftest import ABUSE
from tests.protection.desk.conftest import record_incident
from tests.protection.test_incident_record import _data as incident_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def protection_scene(operator_a, supervisor_a):
    """Team A: an abusive case with a confirmed incident handed to the supervisor and a
    restriction; and a recorded incident that planned operator A's check-ins."""
    case = make_case(operator_a, first_message=ABUSE, assignee=operator_a)
    draft = case.protection_incidents.get()
    incident = protection_actions.do_save_incident(
        operator_a, draft, data=incident_form(draft), confirm=True
    )
    protection_actions.do_record_step(
        operator_a, incident, step="hand_to_supervisor", at=timezone.now() - timedelta(minutes=3)
    )
    restriction = protection_actions.do_decide_restriction(
        supervisor_a,
        incident,
        kinds=["written_only"],
        reason="暴言が続いたため書面のみで対応する。",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    record_incident(make_case(operator_a, assignee=operator_a, title="暴言の案件"), operator_a)
    assert CheckIn.objects.count() >= 2
    draft = make_case(
        operator_a, first_message=ABUSE, assignee=operator_a
    ).protection_incidents.get()
    return {"case": case, "incident": incident, "restriction": restriction, "draft": draft}


def test_the_protection_forms_answer_hostile_values_without_5xx_or_half_saving(
    client, protection_scene, operator_a, supervisor_a, admin_user
):
    case, incident = protection_scene["case"], protection_scene["incident"]
    checkins = list(CheckIn.objects.order_by("pk"))
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    review_on = (timezone.localdate() + timedelta(days=30)).isoformat()
    when = {"targeted": str(operator_a.pk), "occurred_at": past, "channel": "phone"}
    message = case.interactions.filter(direction="in").first()
    probe = Probe(client)
    client.force_login(supervisor_a)
    probe.each_field(
        reverse("checkin_record", args=[checkins[0].pk]),
        CheckInRecordForm(),
        extra={"held_at": past, "how_they_are": "眠れない日が続いている"},
    )
    probe.each_field(
        reverse("protection_restrict", args=[incident.pk]),
        pf.RestrictionForm(),
        extra={"reason": "暴言が続いたため書面のみで対応する。", "review_on": review_on},
    )
    probe.each_field(
        reverse("protection_lift", args=[protection_scene["restriction"].pk]),
        pf.LiftForm(),
        extra={"reason": "謝罪があり、通常の対応に戻す。"},
    )
    client.force_login(operator_a)
    probe.each_field(
        reverse("protection_incident_new", args=[case.pk]),
        pf.OpenIncidentForm(case=case),
        extra=when,
    )
    draft = protection_scene["draft"]  # a confirmed record refuses edits: a draft takes them
    probe.each_field(
        reverse("protection_incident", args=[draft.pk]),
        pf.IncidentForm(case=draft.case, incident=draft),
        extra={**when, "save": "draft"},
    )
    probe.each_field(
        reverse("protection_evidence", args=[incident.pk]),
        pf.EvidenceForm(case=case),
        extra={"interaction": str(message.pk) if message else ""},
    )
    probe.each_field(
        reverse("protection_step", args=[incident.pk]),
        pf.StepForm(),
        extra={"step": "warn", "at": past},
    )
    probe.each_field(reverse("checkin_decline", args=[checkins[1].pk]), CheckInDeclineForm())
    probe.each_field(reverse("consultation_new"), ConsultationForm())
    for key in ("month", "team", "format"):
        for value in HOSTILE + MORE + BAD_IDS:
            for name in ("protection_report", "protection_report_csv", "protection_report_xlsx"):
                probe.check("get", reverse(name), {key: value}, f"{name} {key}={value[:30]!r}")
    client.force_login(admin_user)
    probe.each_field(reverse("policy_manage"), PolicyForm())
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def test_the_consultation_desks_update_answers_hostile_values(client, operator_a, case_a):
    desk = make_user("desk", "operator")
    desk.user_permissions.add(
        Permission.objects.get(
            codename="handle_consultations", content_type__app_label="protection"
        )
    )
    consultation = do_file_consultation(
        operator_a, topic="borderline", subject="判断に迷う電話", body="上長に言えない悩み"
    )
    client.force_login(desk)
    probe = Probe(client)
    probe.each_field(
        reverse("consultation_update", args=[consultation.pk]), ConsultationUpdateForm()
    )
    for value in HOSTILE + MORE + BAD_IDS:  # the linked case / incident numbers
        for key in ("case", "incident"):
            data = {**form_data(ConsultationUpdateForm()), key: value}
            url = reverse("consultation_update", args=[consultation.pk])
            probe.check("post", url, data, f"{key}={value[:30]!r}")
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def hostile_files():
    junk = bytes(range(256)) * (5 * 1024 * 1024 // 256)  # 5 MB of binary junk
    long_cells = "顧客名,メール,製品\n" + ",".join(["長" * 10_000] * 3) + "\n"
    return [
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"p" * 500),  # not a CSV
        ("crm.csv", b""),  # empty
        ("junk.csv", junk),
        ("junk.xlsx", junk),
        ("crm.csv", long_cells.encode("utf-8-sig")),
        ("crm.csv", long_cells.encode("utf-16")),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100),  # a zip header, nothing behind
    ]


def test_a_5_mb_import_file_reaches_the_upload_form(client, supervisor_a, team_a):
    client.force_login(supervisor_a)
    content = "顧客名,メール\n".encode() + b"a,b@example.jp\n" * (5 * 2**20 // 15)
    response = client.post(
        reverse("import_upload"),
        {"team": team_a.pk, "file": SimpleUploadedFile("crm.csv", content)},
    )
    assert response.status_code != 413


@pytest.mark.parametrize("ceiling", ["as_configured", "raised"])
def test_the_import_upload_answers_hostile_files_without_5xx(
    client, supervisor_a, team_a, team_b, django_capture_on_commit_callbacks, settings, ceiling
):
    if ceiling == "raised":  # so that the 5 MB files reach the form, not only the 413
        settings.KAMITAIOU_MAX_REQUEST_BYTES = settings.KAMITAIOU_MAX_UPLOAD_BYTES
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = settings.KAMITAIOU_MAX_UPLOAD_BYTES
    client.force_login(supervisor_a)
    probe = Probe(client)
    url = reverse("import_upload")
    for filename, content in hostile_files():
        for team in (team_a.pk, team_b.pk, *HOSTILE):
            data = {"team": team, "file": SimpleUploadedFile(filename, content)}
            with django_capture_on_commit_callbacks(execute=True):
                probe.check("post", url, data, f"{filename} ({len(content)} bytes) team={team!r}")
    probe.check("post", url, {"team": team_a.pk}, "no file")
    # every job the uploads left, checked by the worker, then run with hostile options
    for job in ImportJob.objects.all():
        for name in ("import_job", "import_progress", "import_errors"):
            probe.check("get", reverse(name, args=[job.pk]), {}, name)
        for value in HOSTILE + MORE:
            url = reverse("import_run", args=[job.pk])
            with django_capture_on_commit_callbacks(execute=True):
                probe.check("post", url, {**form_data(RunForm()), "skip_invalid": value}, value)
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def test_the_report_filters_answer_hostile_values_without_5xx(client, supervisor_a, admin_user):
    form = ReportForm({}, user=supervisor_a)
    for who in (supervisor_a, admin_user):
        client.force_login(who)
        probe = Probe(client)
        for key in [*form.fields, "format", "encoding"]:
            for value in HOSTILE + MORE + BAD_IDS:
                for name in ("reports", "report_xlsx", "export_cases"):
                    what = f"{name} {key}={value[:30]!r}"
                    probe.check("get", reverse(name), {key: value}, what)
                probe.check("post", reverse("export_start"), {key: value}, f"export {key}")
        assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def test_the_inbox_forms_answer_hostile_values_without_5xx(client, operator_a, case_a):
    client.force_login(operator_a)
    probe = Probe(client)
    view = do_save_view(operator_a, name="自分のビュー", query="tab=team")
    probe.each_field(reverse("rename_view", args=[view.pk]), ViewNameForm())
    probe.each_field(reverse("save_view"), SaveViewForm())
    bulk = BulkForm(people={}, case_ids=[])
    probe.each_field(
        reverse("inbox_bulk"), bulk, extra={"case": [str(case_a.pk)], "action": "note"}
    )
    for value in HOSTILE + MORE + BAD_IDS:
        for action in ("assign", "priority", "note"):
            data = {"action": action, "case": [value, str(case_a.pk)], "note": "x"}
            probe.check("post", reverse("inbox_bulk"), data, f"{action} case={value[:30]!r}")
        probe.check("post", reverse("save_view"), {"name": "v", "query": value}, "query")
        probe.check("get", reverse("inbox"), {"view": value, "q": value}, f"view={value[:30]!r}")
    probe.check("post", reverse("inbox_bulk"), {"action": "note", "case": ["1"] * 5000}, "5000")
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def test_the_privacy_pages_answer_hostile_values_without_5xx(
    client, supervisor_a, admin_user, case_a
):
    client.force_login(admin_user)
    probe = Probe(client)
    for key in [*ViewLogFilter().fields, "before", "format"]:
        for value in HOSTILE + MORE + BAD_IDS:
            probe.check("get", reverse("view_log"), {key: value}, f"{key}={value[:30]!r}")
    client.force_login(supervisor_a)
    url = reverse("disclose_customer", args=[case_a.customer_id])
    for value in HOSTILE + MORE + ["JSON", "html\x00", "json "]:
        probe.check("post", url, {"format": value}, f"format={value[:30]!r}")
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"
