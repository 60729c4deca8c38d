"""Replies that leave by mail: one row per reply sent from the case page (docs/mail.md, 送信).

The row is written in the transaction that records the reply, with the message already
composed (``raw``): what the record says was sent is byte for byte what the worker hands
to SMTP, on every attempt, with the same Message-ID.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Sending failed")


class OutboundMail(models.Model):
    """A reply on its way to the customer, and what became of it."""

    interaction = models.OneToOneField(
        "cases.Interaction",
        on_delete=models.PROTECT,
        related_name="outbound_mail",
        verbose_name=_("reply"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="outbound_mail", verbose_name=_("case")
    )
    mailbox = models.ForeignKey(
        "mail.Mailbox",
        on_delete=models.PROTECT,
        related_name="outbound",
        verbose_name=_("mailbox"),
    )
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_address = models.EmailField(_("from"))
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=500)
    #: without the angle brackets, like ``InboundMail.message_id``
    message_id = models.CharField(_("Message-ID"), max_length=500, unique=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    charset = models.CharField(_("charset"), max_length=16)
    #: what the composer noted (an ISO-2022-JP mailbox that had to send UTF-8, …)
    notes = models.JSONField(default=list, blank=True)
    raw = models.BinaryField(_("raw message"))
    state = models.CharField(
        _("state"), max_length=16, choices=OutboundState, default=OutboundState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: the reason of the last failed attempt, short and in Japanese
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    #: when the next attempt is due; while ``sending``, when the claim runs out (a worker
    #: killed mid-send leaves the row to be picked up again then)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbound_due"),
            models.Index(fields=["case", "created_at"], name="outbound_case"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.get_state_display()})"
