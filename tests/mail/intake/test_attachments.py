"""Attachments: kept with the interaction within the limits, listed on the case page,
downloaded only by people who may see the case, always as a download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import InboundStatus, MailAttachment
from tests.mail.intake.conftest import make_mail

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 " + b"x" * 2000
PHOTO = b"\x89PNG\r\n\x1a\n" + b"p" * 5000


def test_attachments_are_kept_with_the_interaction(mailbox_a):
    raw = make_mail(
        attachments=[("見積書.pdf", "application/pdf", PDF), ("photo.png", "image/png", PHOTO)]
    )

    result = intake_message(mailbox_a, raw)

    kept = list(MailAttachment.objects.filter(interaction=result.interaction))
    assert [(a.filename, a.size, a.omitted) for a in kept] == [
        ("見積書.pdf", len(PDF), ""),
        ("photo.png", len(PHOTO), ""),
    ]
    assert bytes(kept[0].data) == PDF


def test_an_attachment_over_the_per_file_limit_is_left_out_with_a_note(mailbox_a, settings):
    settings.KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES = 3000
    raw = make_mail(
        attachments=[("見積書.pdf", "application/pdf", PDF), ("photo.png", "image/png", PHOTO)]
    )

    result = intake_message(mailbox_a, raw)

    assert result.status == InboundStatus.NEW  # the mail itself is still taken
    photo = MailAttachment.objects.get(filename="photo.png")
    assert (photo.size, bytes(photo.data)) == (len(PHOTO), b"")
    assert "上限" in photo.omitted
    assert any("photo.png" in note for note in result.inbound.notes)
    assert bytes(MailAttachment.objects.get(filename="見積書.pdf").data) == PDF


def test_attachments_past_the_per_message_limit_are_left_out(mailbox_a, settings):
    settings.KAMITAIOU_MAIL_MAX_MESSAGE_BYTES = 6000
    raw = make_mail(attachments=[("a.pdf", "application/pdf", PDF), ("b.png", "image/png", PHOTO)])

    intake_message(mailbox_a, raw)

    assert dict(MailAttachment.objects.values_list("filename", "omitted"))["a.pdf"] == ""
    assert "1通" in MailAttachment.objects.get(filename="b.png").omitted


def test_the_case_page_lists_the_mail_its_attachments_and_the_whole_original(
    client, operator_a, mailbox_a, settings
):
    settings.KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES = 3000
    raw = make_mail(
        body="交換をお願いします。\n\n> 以前のやりとり\n",
        attachments=[("見積書.pdf", "application/pdf", PDF), ("photo.png", "image/png", PHOTO)],
    )
    result = intake_message(mailbox_a, raw)
    client.force_login(operator_a)

    page = client.get(reverse("case_detail", args=[result.case.pk])).content.decode()

    kept = MailAttachment.objects.get(filename="見積書.pdf")
    assert reverse("mail_attachment", args=[kept.pk]) in page
    assert "photo.png" in page
    assert "以前のやりとり" in page  # inside the collapsed original
    assert '<details class="original">' in page
    assert "元のメール全文" in page  # in Japanese first


def test_an_attachment_downloads_as_an_attachment_with_a_safe_filename(
    client, operator_a, mailbox_a
):
    raw = make_mail(attachments=[("見積書.html", "text/html", b"<script>alert(1)</script>")])
    intake_message(mailbox_a, raw)
    attachment = MailAttachment.objects.get()
    client.force_login(operator_a)

    response = client.get(reverse("mail_attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert response.content == b"<script>alert(1)</script>"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.html" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_someone_who_cannot_see_the_case_gets_404_for_its_attachment(client, operator_b, mailbox_a):
    intake_message(mailbox_a, make_mail(attachments=[("a.pdf", "application/pdf", PDF)]))
    attachment = MailAttachment.objects.get()
    client.force_login(operator_b)

    assert client.get(reverse("mail_attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("mail_attachment", args=[attachment.pk + 99])).status_code == 404


def test_a_left_out_attachment_has_nothing_to_download(client, operator_a, mailbox_a, settings):
    settings.KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES = 10
    intake_message(mailbox_a, make_mail(attachments=[("a.pdf", "application/pdf", PDF)]))
    client.force_login(operator_a)

    url = reverse("mail_attachment", args=[MailAttachment.objects.get().pk])
    assert client.get(url).status_code == 404


def test_the_download_needs_a_login_and_refuses_post(client, operator_a, mailbox_a):
    intake_message(mailbox_a, make_mail(attachments=[("a.pdf", "application/pdf", PDF)]))
    url = reverse("mail_attachment", args=[MailAttachment.objects.get().pk])

    assert client.get(url).status_code == 302
    client.force_login(operator_a)
    assert client.post(url).status_code == 405


def test_attachments_are_part_of_the_record_and_cannot_be_changed(mailbox_a):
    from kamitaiou.cases.models import AppendOnlyError

    intake_message(mailbox_a, make_mail(attachments=[("a.pdf", "application/pdf", PDF)]))
    attachment = MailAttachment.objects.get()
    attachment.filename = "b.pdf"

    with pytest.raises(AppendOnlyError):
        attachment.save()
    with pytest.raises(AppendOnlyError):
        MailAttachment.objects.all().delete()
