"""Every URL that names an object — a case, a customer, an escalation, a follow-up, a
protection incident / restriction / check-in / consultation, an import or export job, a
saved inbox view, a mail attachment, an API token — answers someone outside it exactly as
it answers for a missing object: 404 (or 405 for the wrong method, which is decided before
anything is looked up; 403 where an operator's role is refused before any look-up, for a
missing object too). Never 200, never a redirect to success, never a 500.

The outsiders are a supervisor of another team and an operator of another team; the
private objects (a consultation, a check-in, an export job, a saved view, a token) belong
to another person."""

from datetime import timedelta

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone

from kamitaiou.api.tokens import do_create_api_token
from kamitaiou.cases.models import Escalation
from kamitaiou.inbox.actions import do_save_view
from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import MailAttachment
from kamitaiou.protection import actions as protection_actions
from kamitaiou.protection.desk_actions import do_file_consultation
from kamitaiou.protection.desk_models import CheckIn
from kamitaiou.protection.policy import do_publish_policy
from kamitaiou.reports.models import ExportJob, ExportState, ImportJob
from tests.conftest import make_case, make_user
from tests.mail.intake.conftest import make_mail, make_mailbox
from tests.protection.conftest import ABUSE
from tests.protection.desk.conftest import record_incident
from tests.protection.test_incident_record import _data as incident_form
from tests.walks import walk_complaint_to_executing

ID_PARAMS = {
    "case_id",
    "customer_id",
    "escalation_id",
    "followup_id",
    "pk",  # reports: import and export jobs
    "incident_id",
    "restriction_id",
    "checkin_id",
    "consultation_id",
    "version_id",
    "view_id",
    "attachment_id",
    "token_id",
}
# Parameters that name no object, or URLs whose objects are checked elsewhere.
NOT_OBJECT_PARAMS = {
    "name": "a method action's slug (case_action)",
    "key": "a report table's name (report_table_csv)",
    "token": "a secret: the calendar feed's token, Django's password reset token",
    "uidb64": "Django's password reset link",
    "id": "the JSON API (api/v1/…): tests/api/test_matrix_and_fuzz.py",
}
NOT_CHECKED_HERE = {
    # A published policy version is everyone's to acknowledge; a missing one answers 404
    # in tests/protection/desk/test_policy.py.
    "policy_acknowledge",
}
MISSING = 999_999


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin", "i18n")):
                continue
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, prefix + str(entry.pattern), set(entry.pattern.converters)


def named_patterns():
    for name, route, params in all_patterns():
        if route.startswith("api/v1/") or name in NOT_CHECKED_HERE:
            continue
        if params & ID_PARAMS:
            yield name, params


PATTERNS = sorted(named_patterns())


def test_there_are_object_urls_to_check():
    names = {name for name, _params in PATTERNS}
    assert {"case_detail", "case_action", "customer_detail", "accept_escalation"} <= names
    assert {"protection_incident", "checkin_detail", "consultation_detail", "export_job"} <= names
    assert {"import_job", "rename_view", "mail_attachment", "disclose_customer"} <= names
    assert len(PATTERNS) >= 48


def test_every_url_parameter_is_one_this_matrix_knows():
    """A new URL naming an object by a new parameter must be added to the matrix."""
    seen = set().union(*(params for _name, _route, params in all_patterns()))
    assert seen <= ID_PARAMS | set(NOT_OBJECT_PARAMS), seen - ID_PARAMS - set(NOT_OBJECT_PARAMS)


def test_every_pk_url_is_an_import_or_export_job():
    pk_names = {name for name, params in PATTERNS if "pk" in params}
    assert all(name.startswith(("import_", "export_")) for name in pk_names), pk_names


@pytest.fixture
def team_b_world(operator_b, team_b, admin_user):
    """Team B's objects, and operator B's private ones."""
    supervisor_b = make_user("sv_b", "supervisor", team_b)
    case = make_case(operator_b, first_message="訴えます。", assignee=operator_b)
    walk_complaint_to_executing(operator_b, case)  # plans a verification follow-up
    followup = case.followups.first()
    assert followup is not None
    incident = record_incident(case, operator_b)  # plans operator B's check-ins
    abusive = make_case(operator_b, first_message=ABUSE, assignee=operator_b)
    draft = abusive.protection_incidents.get()
    confirmed = protection_actions.do_save_incident(
        operator_b, draft, data=incident_form(draft), confirm=True
    )
    protection_actions.do_record_step(
        operator_b, confirmed, step="hand_to_supervisor", at=timezone.now() - timedelta(minutes=3)
    )
    restriction = protection_actions.do_decide_restriction(
        supervisor_b,
        confirmed,
        kinds=["written_only"],
        reason="暴言が続いたため書面のみで対応する。",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    checkin = CheckIn.objects.order_by("pk").first()  # operator B's, held by supervisor B
    assert checkin is not None
    consultation = do_file_consultation(
        operator_b, topic="borderline", subject="判断に迷う電話", body="上長に言えない悩み"
    )
    mailbox = make_mailbox(team_b, "sales@example.test")
    intake_message(
        mailbox,
        make_mail(to="sales@example.test", attachments=[("a.pdf", "application/pdf", b"%PDF")]),
    )
    version = do_publish_policy(
        admin_user, title="基本方針", policy_text="守ります。", handbook_text="1."
    )
    return {
        "case_id": case.pk,
        "customer_id": case.customer_id,
        "escalation_id": Escalation.objects.get(case=case).pk,
        "followup_id": followup.pk,
        "checkin_followup_id": checkin.followup_id,
        "incident_id": incident.pk,
        "restriction_id": restriction.pk,
        "checkin_id": checkin.pk,
        "consultation_id": consultation.pk,
        "version_id": version.pk,
        "view_id": do_save_view(operator_b, name="自分のビュー", query="tab=team").pk,
        "attachment_id": MailAttachment.objects.get().pk,
        "token_id": do_create_api_token(operator_b, user=operator_b, name="CRM").token.pk,
        "export_pk": ExportJob.objects.create(
            user=operator_b, params="", state=ExportState.DONE
        ).pk,
        "import_pk": ImportJob.objects.create(
            team=team_b, created_by=supervisor_b, filename="crm.csv", content=b"a,b\n"
        ).pk,
        "name": "move",
    }


def kwargs_for(name, params, world):
    def value(key):
        if key == "pk":
            return world["export_pk" if name.startswith("export_") else "import_pk"]
        if key == "followup_id" and name == "checkin_by_followup":
            return world["checkin_followup_id"]
        return world[key]

    return {key: value(key) for key in params}


@pytest.mark.parametrize(("name", "params"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_other_teams_objects_answer_as_a_missing_one(
    client, team_b_world, supervisor_a, operator_a, name, params
):
    url = reverse(name, kwargs=kwargs_for(name, params, team_b_world))
    missing = reverse(name, kwargs={key: (MISSING if key != "name" else "move") for key in params})
    data = {"action": "start_calming", "text": "x", "reason": "x" * 20, "name": "x"}
    for outsider in (supervisor_a, operator_a):  # of team A only
        client.force_login(outsider)
        for method in ("get", "post"):
            answer = getattr(client, method)(url, data).status_code
            for_missing = getattr(client, method)(missing, data).status_code
            # 403 only where the role is refused before anything is looked up (an operator
            # accepting an escalation): then the missing object answers 403 too.
            assert answer in (403, 404, 405), (outsider.username, method, url, answer)
            assert answer != 403 or outsider == operator_a, (method, url)
            assert answer == for_missing, (outsider.username, method, url, answer, for_missing)


def test_the_objects_are_real_ones_their_owner_reads(client, team_b_world, operator_b):
    """The control: the 404s above are not 404s of objects that do not exist."""
    client.force_login(operator_b)
    for name in ("case_detail", "customer_detail", "checkin_detail", "export_job", "api_tokens"):
        params = {"case_detail": {"case_id"}, "customer_detail": {"customer_id"}}.get(name, set())
        params |= {"checkin_detail": {"checkin_id"}, "export_job": {"pk"}}.get(name, set())
        url = reverse(name, kwargs=kwargs_for(name, params, team_b_world))
        assert client.get(url).status_code == 200, url
