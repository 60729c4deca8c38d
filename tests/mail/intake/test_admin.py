"""Admin: mailboxes (the password never stored), the quarantine with its raw download
and the re-run; the demo's mailboxes."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from kamitaiou.mail import intake as intake_module
from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import InboundMail, Mailbox
from kamitaiou.mail.parsing import MailParseError
from tests.mail.intake.conftest import make_mail, make_mailbox

pytestmark = pytest.mark.django_db

GARBAGE = b"\x00\x01 garbage"


def test_imap_without_tls_is_only_allowed_to_this_machine(team_a):
    remote = Mailbox(
        address="a@example.test",
        name="a",
        team=team_a,
        imap_host="imap.example.com",
        imap_user="a",
        imap_security="none",
    )
    with pytest.raises(ValidationError) as raised:
        remote.full_clean()
    assert "imap_security" in raised.value.message_dict

    local = Mailbox(
        address="b@example.test",
        name="b",
        team=team_a,
        imap_host="127.0.0.1",
        imap_user="b",
        imap_security="none",
    )
    local.full_clean()


def test_the_password_comes_from_a_variable_or_a_file_never_the_database(
    team_a, tmp_path, monkeypatch
):
    secret = tmp_path / "imap-password"
    secret.write_text("from-the-file\n")
    mailbox = make_mailbox(team_a, "a@example.test", password_file=str(secret))
    assert mailbox.imap_password() == "from-the-file"
    monkeypatch.setenv("SUPPORT_IMAP_PASSWORD", "from-the-env")
    mailbox.password_env = "SUPPORT_IMAP_PASSWORD"
    assert mailbox.imap_password() == "from-the-env"
    assert not any(
        "password" in f.name and f.name not in {"password_env", "password_file"}
        for f in Mailbox._meta.get_fields()
    )


def test_the_mailbox_form_in_the_admin_has_no_password_field(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("admin:mail_mailbox_add")).content.decode()

    assert 'name="password_env"' in page
    assert 'type="password"' not in page


def test_admins_see_the_quarantine_with_its_reason_and_download_the_raw_mail(
    client, admin_user, mailbox_a
):
    row = intake_message(mailbox_a, GARBAGE).inbound
    client.force_login(admin_user)

    listing = client.get(
        reverse("admin:mail_inboundmail_changelist"), {"status__exact": "quarantined"}
    )
    raw = client.get(reverse("admin:mail_inboundmail_raw", args=[row.pk]))

    assert listing.status_code == 200
    assert row.reason in listing.content.decode()
    assert raw.status_code == 200
    assert raw.content == GARBAGE
    assert raw["Content-Disposition"].startswith("attachment;")


def test_people_who_are_not_admins_cannot_reach_the_quarantine(client, supervisor_a, mailbox_a):
    row = intake_message(mailbox_a, GARBAGE).inbound
    client.force_login(supervisor_a)

    response = client.get(reverse("admin:mail_inboundmail_raw", args=[row.pk]))

    assert response.status_code == 302  # to the admin's login
    assert GARBAGE not in response.content


def test_the_re_run_action_takes_a_quarantined_mail_after_a_fix(
    client, admin_user, mailbox_a, monkeypatch
):
    def broken(raw: bytes, **kwargs: object) -> object:
        raise MailParseError("テスト用の解析エラー")

    monkeypatch.setattr(intake_module, "parse_message", broken)
    row = intake_message(mailbox_a, make_mail()).inbound
    monkeypatch.undo()
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:mail_inboundmail_changelist"),
        {"action": "rerun", "_selected_action": [row.pk]},
        follow=True,
    )

    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == "new"
    assert row.case is not None


def test_the_demo_creates_the_two_mailboxes_of_its_teams(db):
    call_command("demo", "--seed", "3", stdout=io.StringIO())

    boxes = dict(Mailbox.objects.values_list("address", "team__name"))
    assert boxes == {"support@example.jp": "東京コールセンター", "sales@example.jp": "大阪営業部"}
    assert not InboundMail.objects.exists()
