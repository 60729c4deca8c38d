"""A customer's erasure reaches their mail: the raw messages, subjects, bodies, addresses
and attachments of their cases, in and out; the mail log and its pages still work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.cases import events
from kamitaiou.cases.erasure import PLACEHOLDER
from kamitaiou.cases.models import Erasure
from kamitaiou.cases.verify import verify_records
from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import InboundMail, MailAttachment, OutboundMail, OutboundState
from kamitaiou.mail.outbound_send import send_due
from tests.mail.intake.conftest import make_mail
from tests.mail.outbound_support import mailbox, reply_form, smtp
from tests.privacy.erasure_support import WORDS, erase_in_admin

__all__ = ["mailbox", "smtp"]

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 " + WORDS.encode() + b"x" * 200


def came_in(mailbox):
    raw = make_mail(
        to=mailbox.address,
        sender=f"{WORDS} <hanako@nekojita.example>",
        subject=f"{WORDS}より苦情",
        body=f"{WORDS}です。昨日届いた商品が壊れていました。",
        attachments=[(f"{WORDS}.pdf", "application/pdf", PDF)],
    )
    return intake_message(mailbox, raw)


def everything_of(case):
    inbound = list(InboundMail.objects.filter(case=case).values())
    outbound = list(OutboundMail.objects.filter(case=case).values())
    attachments = list(MailAttachment.objects.filter(interaction__case=case).values())
    return inbound + outbound + attachments


def words_in(rows):
    needles = (WORDS, WORDS.encode(), "hanako@nekojita.example", b"hanako@nekojita.example")
    return [
        (row["id"], name)
        for row in rows
        for name, value in row.items()
        if isinstance(value, (str, bytes, memoryview))
        and any(
            type(needle) is type(bytes(value) if isinstance(value, memoryview) else value)
            and needle in (bytes(value) if isinstance(value, memoryview) else value)
            for needle in needles
        )
    ]


def test_an_erasure_empties_the_customers_mail_in_and_out_and_the_record_verifies(
    client, operator_a, admin_user, mailbox, smtp
):
    result = came_in(mailbox)
    case = result.case
    client.force_login(operator_a)
    for text in (f"{WORDS}様\n\n大変申し訳ございません。", f"{WORDS}様\n\n本日伺います。"):
        client.post(f"/cases/{case.pk}/interactions/", reply_form(case, text, send="mail"))
    send_due(limit=1)  # the first reply leaves, the second is still queued
    assert sorted(OutboundMail.objects.values_list("state", flat=True)) == ["queued", "sent"]
    before = {
        row.pk: (row.raw_sha256, row.size, row.message_id) for row in InboundMail.objects.all()
    }
    assert words_in(everything_of(case))

    erase_in_admin(client, admin_user, case.customer)

    assert words_in(everything_of(case)) == []
    mail = InboundMail.objects.get(pk=result.inbound.pk)
    assert (bytes(mail.raw), mail.subject, mail.body_text, mail.from_address) == (
        b"",
        PLACEHOLDER,
        PLACEHOLDER,
        PLACEHOLDER,
    )
    assert (mail.raw_sha256, mail.size, mail.message_id) == before[mail.pk]  # the log stays
    assert mail.status == result.inbound.status and mail.received_at == result.inbound.received_at
    attachment = MailAttachment.objects.get(inbound=mail)
    assert (bytes(attachment.data), attachment.filename) == (b"", PLACEHOLDER)
    assert (attachment.size, len(attachment.sha256)) == (len(PDF), 64)
    sent, unsent = OutboundMail.objects.order_by("pk")
    assert (bytes(sent.raw), sent.subject, sent.to_address) == (b"", PLACEHOLDER, PLACEHOLDER)
    assert sent.state == OutboundState.SENT and sent.sent_at is not None
    assert unsent.state == OutboundState.FAILED  # nothing is left to send
    assert "削除" in unsent.last_error
    assert send_due() == []
    assert verify_records().problems == []


def test_the_mail_pages_of_an_erased_message_still_render_and_its_downloads_answer_404(
    client, operator_a, admin_user, mailbox
):
    result = came_in(mailbox)
    attachment = MailAttachment.objects.get(inbound=result.inbound)
    erase_in_admin(client, admin_user, result.case.customer)

    admin_page = client.get(f"/admin/mail/inboundmail/{result.inbound.pk}/change/")
    assert admin_page.status_code == 200
    assert WORDS not in admin_page.content.decode()
    assert client.get("/admin/mail/inboundmail/").status_code == 200
    raw = client.get(reverse("admin:mail_inboundmail_raw", args=[result.inbound.pk]))
    assert raw.status_code == 404

    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[result.case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert WORDS not in body and PLACEHOLDER in body
    assert reverse("mail_attachment", args=[attachment.pk]) not in body  # no download offered
    assert client.get(reverse("mail_attachment", args=[attachment.pk])).status_code == 404


def test_a_failing_subscriber_rolls_the_whole_erasure_back(client, admin_user, mailbox):
    result = came_in(mailbox)

    def fail(erased):
        raise RuntimeError("the index is down")

    events.subscribe(events.CustomerErased, fail)
    try:
        with pytest.raises(RuntimeError):
            erase_in_admin(client, admin_user, result.case.customer)
    finally:
        events.unsubscribe(events.CustomerErased, fail)
    assert not Erasure.objects.exists()
    # the mail app's subscriber ran before the failing one: its changes went back too
    assert b"hanako@nekojita.example" in bytes(InboundMail.objects.get(pk=result.inbound.pk).raw)
    assert WORDS in MailAttachment.objects.get(inbound=result.inbound).filename
