"""Mailboxes, the mail that came in through them, and its attachments (docs/mail.md).

The raw bytes of every message are kept in the database with the row that records its
intake (decision 0014), so the intake of one message — its row, its case, its
interaction, its attachments and the mailbox's last IMAP UID — is one transaction.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models import AppendOnlyModel, CaseKind

#: IMAP without TLS only to a server on this machine (the test server, a local relay).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class ImapSecurity(models.TextChoices):
    SSL = "ssl", _("TLS (IMAPS, port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (only for 127.0.0.1 / localhost)")


class ReplyCharset(models.TextChoices):
    UTF_8 = "utf-8", _("UTF-8")
    ISO_2022_JP = "iso-2022-jp", _("ISO-2022-JP")


class Mailbox(models.Model):
    """One address customers write to: where it is read (IMAP) and which team it feeds.

    The IMAP password is never stored here: ``password_env`` names an environment
    variable, or ``password_file`` a file, that holds it.
    """

    address = models.EmailField(_("address"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="mailboxes", verbose_name=_("team")
    )
    default_kind = models.CharField(
        _("default case kind"), max_length=32, choices=CaseKind, default=CaseKind.COMPLAINT
    )
    imap_host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(
        _("IMAP port"), null=True, blank=True, help_text=_("Empty: 993 for TLS, 143 otherwise.")
    )
    imap_security = models.CharField(
        _("IMAP security"), max_length=16, choices=ImapSecurity, default=ImapSecurity.SSL
    )
    imap_user = models.CharField(_("IMAP user"), max_length=255, blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    password_env = models.CharField(
        _("password environment variable"),
        max_length=100,
        blank=True,
        help_text=_("Name of the environment variable that holds the IMAP password."),
    )
    password_file = models.CharField(
        _("password file"),
        max_length=500,
        blank=True,
        help_text=_("Path of a file that holds the IMAP password (used if no variable is set)."),
    )
    from_address = models.EmailField(
        _("From address of replies"), blank=True, help_text=_("Empty: the mailbox's address.")
    )
    from_name = models.CharField(_("From name of replies"), max_length=100, blank=True)
    signature = models.TextField(
        _("signature"),
        max_length=1000,
        blank=True,
        help_text=_("Empty: the organisation's signature."),
    )
    reply_charset = models.CharField(
        _("charset of replies"), max_length=16, choices=ReplyCharset, default=ReplyCharset.UTF_8
    )
    active = models.BooleanField(_("active"), default=True)
    # The poller's place in the IMAP folder; a changed UIDVALIDITY starts it again.
    last_uid = models.PositiveBigIntegerField(_("last IMAP UID"), default=0)
    uidvalidity = models.PositiveBigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["address"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.address = (self.address or "").strip().lower()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.address = (self.address or "").strip().lower()
        if (
            self.imap_host
            and self.imap_security == ImapSecurity.NONE
            and self.imap_host.strip().lower() not in LOCAL_HOSTS
        ):
            raise ValidationError(
                {"imap_security": _("IMAP without TLS is only allowed to 127.0.0.1 or localhost.")}
            )
        if self.imap_host and not self.imap_user:
            raise ValidationError({"imap_user": _("Give the IMAP user.")})

    @property
    def polls_imap(self) -> bool:
        return bool(self.active and self.imap_host)

    @property
    def port(self) -> int:
        if self.imap_port:
            return self.imap_port
        return 993 if self.imap_security == ImapSecurity.SSL else 143

    @property
    def reply_from(self) -> str:
        return self.from_address or self.address

    def imap_password(self) -> str:
        """The IMAP password from the environment variable or the file; '' when neither."""
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is not None:
                return value
        if self.password_file:
            try:
                return Path(self.password_file).read_text(encoding="utf-8").strip()
            except OSError:
                return ""
        return ""


class InboundStatus(models.TextChoices):
    NEW = "new", _("New case")
    THREADED = "threaded", _("Added to a case")
    DUPLICATE = "duplicate", _("Duplicate")
    AUTO_REPLY = "auto_reply", _("Auto-reply")
    QUARANTINED = "quarantined", _("Quarantined")


class InboundMail(models.Model):
    """One message that came into a mailbox, with its raw bytes and what became of it.

    The raw bytes never change. The outcome changes only from ``quarantined`` (a re-run
    after a fix); the case record it fed is append-only like every record.
    """

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, related_name="inbound", verbose_name=_("mailbox")
    )
    message_id = models.CharField(_("Message-ID"), max_length=500)
    raw = models.BinaryField(_("raw message"))
    raw_sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size"), default=0)
    imap_uid = models.PositiveBigIntegerField(_("IMAP UID"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=InboundStatus)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    sent_at = models.DateTimeField(_("date"), null=True, blank=True)
    #: the full decoded body, quoted history included (the interaction holds the new part)
    body_text = models.TextField(_("full text"), blank=True)
    #: what the parser and the intake noted (charset fallbacks, attachments left out, …)
    notes = models.JSONField(default=list, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_mail",
        verbose_name=_("case"),
    )
    interaction = models.OneToOneField(
        "cases.Interaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inbound_mail",
        verbose_name=_("interaction"),
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    processed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mail")
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "message_id"], name="inbound_mailbox_message_id"
            )
        ]
        indexes = [
            models.Index(fields=["message_id"], name="inbound_message_id"),
            models.Index(fields=["status", "-received_at"], name="inbound_status"),
            models.Index(fields=["case", "received_at"], name="inbound_case"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.get_status_display()})"


class MailAttachment(AppendOnlyModel):
    """A file that came with a customer's mail, stored with the interaction it came in.

    An attachment over the size limit is recorded without its bytes (``omitted``), so the
    case page says what was left out.
    """

    interaction = models.ForeignKey(
        "cases.Interaction",
        on_delete=models.PROTECT,
        related_name="mail_attachments",
        verbose_name=_("interaction"),
    )
    inbound = models.ForeignKey(InboundMail, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(blank=True)
    omitted = models.CharField(_("left out because"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mail attachment")
        verbose_name_plural = _("mail attachments")

    def __str__(self) -> str:
        return self.filename


class MailCustomer(models.Model):
    """Marks a customer the intake created from a mail's sender (not entered by a person)."""

    customer = models.OneToOneField(
        "cases.Customer", on_delete=models.PROTECT, related_name="from_mail"
    )
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("customer created from mail")
        verbose_name_plural = _("customers created from mail")

    def __str__(self) -> str:
        return str(self.customer)


from kamitaiou.mail.outbound_models import OutboundMail, OutboundState  # noqa: E402, F401
