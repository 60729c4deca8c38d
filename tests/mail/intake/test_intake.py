"""The intake pipeline: one message in, its case, interaction and status out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kamitaiou.cases.models import Case, Channel, Customer, Direction, Interaction
from kamitaiou.mail import intake as intake_module
from kamitaiou.mail.intake import intake_message, rerun_quarantined
from kamitaiou.mail.models import InboundMail, InboundStatus, MailCustomer
from kamitaiou.mail.parsing import MailParseError
from tests.conftest import make_customer
from tests.mail.intake.conftest import make_mail, message_id_of

pytestmark = pytest.mark.django_db

REPLY = (
    "まだ交換品が届きません。いつ届くのですか。\n\n"
    "2026年12月1日(火) 10:00 お客様サポート <support@example.test>:\n"
    "> ご連絡ありがとうございます。\n> 確認いたします。\n"
)


def test_a_first_mail_opens_a_case_for_a_new_customer_marked_as_from_mail(mailbox_a):
    result = intake_message(mailbox_a, make_mail())

    assert result.status == InboundStatus.NEW
    case = result.case
    assert case.team == mailbox_a.team
    assert case.kind == mailbox_a.default_kind
    assert case.title == "納品物の不具合について"
    assert result.interaction.direction == Direction.IN
    assert result.interaction.channel == Channel.MAIL
    assert "壊れていました" in result.interaction.text
    customer = case.customer
    assert (customer.email, customer.name) == ("yamada@example.com", "山田 太郎")
    assert MailCustomer.objects.filter(customer=customer, mailbox=mailbox_a).exists()
    row = InboundMail.objects.get()
    assert (row.status, row.case, row.interaction) == (InboundStatus.NEW, case, result.interaction)
    assert bytes(row.raw).startswith(b"From:") or b"Message-ID" in bytes(row.raw)


def test_the_analyzer_reads_the_new_words_and_the_whole_body_stays_on_the_record(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    raw = make_mail(
        subject="Re: 納品物の不具合について",
        body=REPLY,
        in_reply_to=f"<{first.inbound.message_id}>",
    )
    result = intake_message(mailbox_a, raw)

    assert result.status == InboundStatus.THREADED
    assert "まだ交換品が届きません" in result.interaction.text
    assert "確認いたします" not in result.interaction.text
    assert "確認いたします" in result.inbound.body_text
    assert hasattr(result.interaction, "analysis")  # the analyzer read it


def test_a_known_customer_is_found_by_address_within_the_mailboxs_team(mailbox_a, team_b):
    known = make_customer(mailbox_a.team, "山田 太郎", email="Yamada@Example.com")
    make_customer(team_b, "山田 太郎", email="yamada@example.com")

    result = intake_message(mailbox_a, make_mail())

    assert result.case.customer == known
    assert not MailCustomer.objects.exists()
    assert Customer.objects.count() == 2


def test_a_reply_threads_by_in_reply_to_even_with_another_subject(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    raw = make_mail(subject="別件です", references=f"<x@y> <{first.inbound.message_id}>")

    result = intake_message(mailbox_a, raw)

    assert result.status == InboundStatus.THREADED
    assert result.case == first.case
    assert "返信先" in result.reason


def test_a_reply_to_our_own_outgoing_mail_threads_through_a_registered_finder(mailbox_a):
    from kamitaiou.mail import threading

    first = intake_message(mailbox_a, make_mail())
    ours = "reply-1@example.test"
    threading.register_message_finder("test", lambda ids, team: first.case if ours in ids else None)
    try:
        result = intake_message(mailbox_a, make_mail(subject="お返事", in_reply_to=f"<{ours}>"))
    finally:
        threading._finders.pop("test")

    assert (result.status, result.case) == (InboundStatus.THREADED, first.case)


def test_a_case_tag_in_the_subject_threads_after_re_and_forward_prefixes(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    other = make_mail(
        sender="佐藤 <sato@example.com>", subject=f"転送: RE: ご返答【#{first.case.pk}】"
    )

    result = intake_message(mailbox_a, other)

    assert (result.status, result.case) == (InboundStatus.THREADED, first.case)
    assert "案件番号" in result.reason


def test_a_case_tag_of_another_teams_case_is_ignored(mailbox_a, mailbox_b):
    theirs = intake_message(mailbox_b, make_mail(to="sales@example.test"))

    result = intake_message(mailbox_a, make_mail(subject=f"Re: 【#{theirs.case.pk}】"))

    assert result.status == InboundStatus.NEW
    assert result.case != theirs.case
    assert result.case.team == mailbox_a.team


def test_the_same_customer_and_subject_within_the_window_joins_the_open_case(mailbox_a):
    first = intake_message(mailbox_a, make_mail())

    result = intake_message(mailbox_a, make_mail(subject="Re: 納品物の不具合について"))

    assert (result.status, result.case) == (InboundStatus.THREADED, first.case)
    assert "同じ件名" in result.reason


def test_the_same_subject_from_another_customer_opens_its_own_case(mailbox_a):
    first = intake_message(mailbox_a, make_mail())

    result = intake_message(mailbox_a, make_mail(sender="佐藤 <sato@example.com>"))

    assert result.status == InboundStatus.NEW
    assert result.case != first.case


def test_the_same_subject_after_the_window_opens_a_new_case(mailbox_a, settings):
    settings.KAMITAIOU_MAIL_THREAD_DAYS = 14
    first = intake_message(mailbox_a, make_mail())
    InboundMail.objects.filter(pk=first.inbound.pk).update(
        received_at=timezone.now() - timedelta(days=15)
    )

    result = intake_message(mailbox_a, make_mail(subject="Re: 納品物の不具合について"))

    assert result.status == InboundStatus.NEW
    assert result.case != first.case


def test_a_reply_to_a_closed_case_opens_a_new_case_that_names_it(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    Case.objects.filter(pk=first.case.pk).update(closed_at=timezone.now())

    result = intake_message(mailbox_a, make_mail(in_reply_to=f"<{first.inbound.message_id}>"))

    assert result.status == InboundStatus.NEW
    assert result.case != first.case
    assert f"#{first.case.pk}" in result.reason


def test_the_same_message_twice_in_one_mailbox_is_a_duplicate_and_changes_nothing(mailbox_a):
    raw = make_mail()
    first = intake_message(mailbox_a, raw)

    again = intake_message(mailbox_a, raw)

    assert again.status == InboundStatus.DUPLICATE
    assert (again.case, again.interaction) == (first.case, first.interaction)
    assert InboundMail.objects.count() == 1
    assert Interaction.objects.count() == 1


def test_one_message_delivered_to_two_mailboxes_of_one_team_is_taken_once(mailbox_a, mailbox_a2):
    raw = make_mail(to="support@example.test, info@example.test")
    first = intake_message(mailbox_a, raw)

    second = intake_message(mailbox_a2, raw)

    assert second.status == InboundStatus.DUPLICATE
    assert second.case == first.case
    assert second.interaction is None
    assert Case.objects.count() == 1
    assert Interaction.objects.count() == 1
    statuses = dict(InboundMail.objects.values_list("mailbox__address", "status"))
    assert statuses == {"support@example.test": "new", "info@example.test": "duplicate"}


def test_one_message_to_mailboxes_of_two_teams_opens_a_case_in_each(mailbox_a, mailbox_b):
    raw = make_mail(to="support@example.test, sales@example.test")

    first = intake_message(mailbox_a, raw)
    second = intake_message(mailbox_b, raw)

    assert (first.status, second.status) == (InboundStatus.NEW, InboundStatus.NEW)
    assert first.case.team != second.case.team


AUTO_REPLY = {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"}


def test_an_auto_reply_is_recorded_on_its_case_as_an_internal_note(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    raw = make_mail(
        subject="不在通知: 納品物の不具合について",
        body="12月3日まで不在です。",
        in_reply_to=f"<{first.inbound.message_id}>",
        headers=AUTO_REPLY,
    )

    result = intake_message(mailbox_a, raw)

    assert result.status == InboundStatus.AUTO_REPLY
    assert result.case == first.case
    assert result.interaction.direction == Direction.INTERNAL
    assert "自動応答" in result.interaction.text
    assert not hasattr(result.interaction, "analysis")  # not a customer's words
    assert Case.objects.count() == 1


def test_an_auto_reply_with_no_case_is_only_kept_and_opens_none(mailbox_a):
    result = intake_message(mailbox_a, make_mail(headers=AUTO_REPLY))

    assert result.status == InboundStatus.AUTO_REPLY
    assert (result.case, result.interaction) == (None, None)
    assert not Case.objects.exists()
    assert not Customer.objects.exists()
    assert InboundMail.objects.get().status == InboundStatus.AUTO_REPLY


def test_a_mail_from_one_of_our_own_mailboxes_is_a_loop_not_a_customer(mailbox_a, mailbox_a2):
    result = intake_message(mailbox_a, make_mail(sender="info@example.test"))

    assert result.status == InboundStatus.AUTO_REPLY
    assert not Case.objects.exists()


def test_a_bounce_is_recorded_on_the_case_of_the_mail_that_bounced(mailbox_a):
    first = intake_message(mailbox_a, make_mail())
    dsn = (
        "From: MAILER-DAEMON@mx.example.com\r\n"
        "To: support@example.test\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <bounce-1@mx.example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        "Final-Recipient: rfc822; yamada@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: <{first.inbound.message_id}>\r\nSubject: x\r\n"
        "--B--\r\n"
    ).encode()

    result = intake_message(mailbox_a, dsn)

    assert result.status == InboundStatus.AUTO_REPLY
    assert result.case == first.case
    assert Case.objects.count() == 1


GARBAGE = b"\x00\x01\x02 not a mail at all \xff\xfe"


def test_a_message_that_cannot_be_parsed_is_quarantined_with_its_reason(mailbox_a):
    result = intake_message(mailbox_a, GARBAGE)

    assert result.status == InboundStatus.QUARANTINED
    assert result.reason
    row = InboundMail.objects.get()
    assert (row.status, row.reason, bytes(row.raw)) == ("quarantined", result.reason, GARBAGE)
    assert row.message_id.startswith("missing-")
    assert not Case.objects.exists()


def test_the_same_unparseable_message_again_is_a_duplicate_of_the_quarantined_one(mailbox_a):
    intake_message(mailbox_a, GARBAGE)

    assert intake_message(mailbox_a, GARBAGE).status == InboundStatus.DUPLICATE
    assert InboundMail.objects.count() == 1


def test_a_quarantined_message_re_run_after_a_fix_opens_its_case(mailbox_a, monkeypatch):
    raw = make_mail()

    def broken(raw: bytes, **kwargs: object) -> object:
        raise MailParseError("テスト用の解析エラー")

    monkeypatch.setattr(intake_module, "parse_message", broken)
    quarantined = intake_message(mailbox_a, raw)
    assert quarantined.status == InboundStatus.QUARANTINED
    assert quarantined.inbound.message_id == message_id_of(raw)  # read from the header
    monkeypatch.undo()  # the fix

    result = rerun_quarantined(quarantined.inbound)

    assert result.status == InboundStatus.NEW
    row = InboundMail.objects.get()
    assert (row.pk, row.status, row.case, row.attempts) == (
        quarantined.inbound.pk,
        "new",
        result.case,
        2,
    )
    assert rerun_quarantined(row).status == InboundStatus.DUPLICATE  # only once


def test_a_re_run_that_still_fails_keeps_it_quarantined(mailbox_a):
    row = intake_message(mailbox_a, GARBAGE).inbound

    result = rerun_quarantined(row)

    assert result.status == InboundStatus.QUARANTINED
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("quarantined", 2)


def test_an_unexpected_failure_of_the_intake_quarantines_and_rolls_back(mailbox_a, monkeypatch):
    def exploding(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(intake_module, "do_create_case", exploding)

    result = intake_message(mailbox_a, make_mail())

    assert result.status == InboundStatus.QUARANTINED
    assert "RuntimeError: boom" in result.reason
    assert not Customer.objects.exists()  # the half-done work rolled back
    assert InboundMail.objects.get().status == InboundStatus.QUARANTINED


def test_a_mail_without_a_sender_address_is_quarantined(mailbox_a):
    raw = make_mail(sender="undisclosed-recipients:;")

    result = intake_message(mailbox_a, raw)

    assert result.status == InboundStatus.QUARANTINED
    assert "差出人" in result.reason


def test_the_records_the_intake_writes_verify_intact(mailbox_a):
    import io

    from django.core.management import call_command

    first = intake_message(mailbox_a, make_mail())
    intake_message(mailbox_a, make_mail(in_reply_to=f"<{first.inbound.message_id}>"))
    intake_message(
        mailbox_a,
        make_mail(headers=AUTO_REPLY, in_reply_to=f"<{first.inbound.message_id}>"),
    )
    out = io.StringIO()

    call_command("verify_records", stdout=out)

    assert "OK: 1 case record(s) intact" in out.getvalue()
    assert first.interaction.author.username == "kamitaiou-mail"
    assert not first.interaction.author.is_active  # the intake's account cannot log in
