"""The IMAP poller against a real dovecot on 127.0.0.1: new mail by UID, exactly once."""

from __future__ import annotations

import pytest

from kamitaiou.cases.models import Case, Interaction
from kamitaiou.mail.imap import poll_mailbox
from kamitaiou.mail.models import InboundMail, Mailbox
from kamitaiou.mail.tasks import ensure_poll, poll_mail
from tests.mail.intake.conftest import make_mail, make_mailbox, new_folder

pytestmark = pytest.mark.django_db


def mails(n: int, *, start: int = 0, to: str = "support@example.test") -> list[bytes]:
    return [
        make_mail(to=to, subject=f"問い合わせ{i}", sender=f"客{i} <c{i}@example.com>")
        for i in range(start, start + n)
    ]


def test_a_poll_fetches_the_new_mail_by_uid_and_remembers_the_last(team_a, imap_folder):
    mailbox = make_mailbox(team_a, "support@example.test", **imap_folder.mailbox_fields())
    imap_folder.append(*mails(3))

    report = poll_mailbox(mailbox)

    assert (report.error, report.fetched, report.statuses) == ("", 3, {"new": 3})
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 3
    assert mailbox.uidvalidity
    assert sorted(InboundMail.objects.values_list("imap_uid", flat=True)) == [1, 2, 3]
    assert Case.objects.count() == 3


def test_a_second_poll_takes_only_what_arrived_since(team_a, imap_folder):
    mailbox = make_mailbox(team_a, "support@example.test", **imap_folder.mailbox_fields())
    imap_folder.append(*mails(2))
    poll_mailbox(mailbox)
    imap_folder.append(*mails(2, start=2))

    again = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))
    idle = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))

    assert (again.fetched, idle.fetched) == (2, 0)
    assert InboundMail.objects.count() == 4
    assert Mailbox.objects.get(pk=mailbox.pk).last_uid == 4


def test_starting_again_from_uid_one_doubles_nothing(team_a, imap_folder):
    """A lost last_uid (or a re-created folder) refetches: every message is a duplicate."""
    mailbox = make_mailbox(team_a, "support@example.test", **imap_folder.mailbox_fields())
    imap_folder.append(*mails(3))
    poll_mailbox(mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=0)

    report = poll_mailbox(Mailbox.objects.get(pk=mailbox.pk))

    assert report.statuses == {"duplicate": 3}
    assert InboundMail.objects.count() == 3
    assert Interaction.objects.count() == 3


def test_a_changed_uidvalidity_starts_the_folder_again(team_a, imap_folder):
    mailbox = make_mailbox(
        team_a,
        "support@example.test",
        last_uid=99,
        uidvalidity=1,
        **imap_folder.mailbox_fields(),
    )
    imap_folder.append(*mails(2))

    report = poll_mailbox(mailbox)

    assert report.statuses == {"new": 2}
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.uidvalidity != 1) == (2, True)


def test_starttls_and_a_plain_local_connection_work_too(team_a, imap_server):
    for n, (security, address) in enumerate((("starttls", "a@x.test"), ("none", "b@x.test"))):
        folder = new_folder(imap_server)
        mailbox = make_mailbox(team_a, address, **folder.mailbox_fields(security=security))
        folder.append(*mails(1, start=n, to=address))

        assert poll_mailbox(mailbox).statuses == {"new": 1}, security


def test_one_mail_in_two_mailboxes_of_one_team_is_taken_once(team_a, imap_server):
    raw = make_mail(to="support@example.test, info@example.test")
    boxes = []
    for address in ("support@example.test", "info@example.test"):
        folder = new_folder(imap_server)
        folder.append(raw)
        boxes.append(make_mailbox(team_a, address, **folder.mailbox_fields()))

    statuses = [poll_mailbox(box).statuses for box in boxes]

    assert statuses == [{"new": 1}, {"duplicate": 1}]
    assert Case.objects.count() == 1


def test_a_wrong_password_is_logged_kept_on_the_mailbox_and_never_raises(
    team_a, imap_folder, monkeypatch, caplog
):
    monkeypatch.setenv("KAMITAIOU_TEST_IMAP_PASSWORD", "wrong")
    mailbox = make_mailbox(team_a, "support@example.test", **imap_folder.mailbox_fields())
    imap_folder.append(*mails(1))

    report = poll_mailbox(mailbox)

    assert report.error
    assert "retried next poll" in caplog.text
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, bool(mailbox.last_error)) == (0, True)
    monkeypatch.setenv("KAMITAIOU_TEST_IMAP_PASSWORD", imap_folder.server.password)
    assert poll_mailbox(mailbox).statuses == {"new": 1}  # the next round takes it
    mailbox.refresh_from_db()
    assert mailbox.last_error == ""


def test_an_unreachable_server_is_an_error_of_the_round_not_a_crash(team_a, imap_server):
    mailbox = make_mailbox(
        team_a,
        "support@example.test",
        imap_host="127.0.0.1",
        imap_port=1,
        imap_user="x",
        imap_security="ssl",
    )

    assert "Error" in poll_mailbox(mailbox).error


def test_the_poll_task_polls_and_schedules_its_successor_once(team_a, imap_folder):
    from django_tasks_db.models import DBTaskResult

    make_mailbox(team_a, "support@example.test", **imap_folder.mailbox_fields())
    imap_folder.append(*mails(1))

    result = poll_mail.call()

    assert result["mailboxes"][0]["statuses"] == {"new": 1}
    waiting = DBTaskResult.objects.filter(task_path=poll_mail.module_path, status="READY")
    assert waiting.count() == 1
    assert ensure_poll() is False  # one is waiting: the chain does not fork


def test_no_poll_is_scheduled_without_an_imap_mailbox(mailbox_a):
    assert ensure_poll() is False
