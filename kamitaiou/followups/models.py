"""Follow-ups, SLA pauses, reminder deliveries and calendar feeds (docs/followups.md).

The rules live in the pure core ``kamitaiou.method.followups``; these models store what
it plans. A follow-up is never deleted: it ends ``done`` or ``skipped`` (a system skip
is a cancellation, with a note saying why), and every change is also an entry of the
case record.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.method.followups import FollowUpKind, Offset
from kamitaiou.method.followups import FollowUpSettings as PolicySettings
from kamitaiou.method.stages import Stage

NOTE = [MaxLengthValidator(5000)]
KIND_CHOICES = [(kind.value, kind.label_ja) for kind in FollowUpKind]
STAGE_CHOICES = [(stage.value, stage.label_ja) for stage in Stage]


def parse_offsets(text: str) -> tuple[Offset, ...]:
    """``"7d, 1m, 3m"`` → offsets; raises ``ValueError`` with a Japanese message."""
    offsets = []
    for raw in text.replace("、", ",").split(","):
        part = raw.strip().lower()
        if not part:
            continue
        months = days = 0
        try:
            if part.endswith("m") and "d" not in part:
                months = int(part[:-1])
            elif part.endswith("w"):
                days = 7 * int(part[:-1])
            elif part.endswith("d"):
                days = int(part[:-1])
            else:
                raise ValueError(part)
            offsets.append(Offset(days=days, months=months))
        except ValueError:
            raise ValueError(
                f"「{raw.strip()}」は期間として読めません（例: 7d, 2w, 1m）。"
            ) from None
    return tuple(offsets)


class FollowUpSettings(models.Model):
    """The company's follow-up policy: one row, edited by an admin (METHOD.md §1)."""

    progress_cadence_hours = models.PositiveIntegerField(
        _("progress report every (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 90)],
    )
    verification_after_business_days = models.PositiveSmallIntegerField(
        _("verification check after (business days)"), default=3
    )
    rehearing_within_business_minutes = models.PositiveIntegerField(
        _("re-hearing within (business minutes)"), default=120
    )
    after_close_checkins = models.CharField(
        _("check-ins after closing"),
        max_length=100,
        default="7d, 1m, 3m",
        help_text=_("Comma-separated: 7d = 7 days, 2w = 2 weeks, 1m = 1 month."),
    )
    confirm_schedule_after_business_days = models.PositiveSmallIntegerField(
        _("schedule call after a contract (business days)"), default=5
    )
    satisfaction_after_business_days = models.PositiveSmallIntegerField(
        _("satisfaction question after the visit (business days)"), default=0
    )
    dissatisfaction_within_business_days = models.PositiveSmallIntegerField(
        _("answer a dissatisfied customer within (business days)"), default=1
    )
    upsell_after_business_days = models.PositiveSmallIntegerField(
        _("new proposal after a satisfied answer (business days)"), default=3
    )
    referral_after_business_days = models.PositiveSmallIntegerField(
        _("referral request after a satisfied answer (business days)"), default=3
    )
    business_hours_only = models.BooleanField(_("keep due times in business hours"), default=True)
    remind_before_minutes = models.PositiveIntegerField(
        _("send the reminder this many minutes before the due time"), default=0
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")

    def __str__(self) -> str:
        return str(_("Follow-up settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # a singleton: there is only ever this row
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            parse_offsets(self.after_close_checkins)
        except ValueError as exc:
            raise ValidationError({"after_close_checkins": str(exc)}) from None

    @classmethod
    def load(cls) -> FollowUpSettings:
        """The settings row, or the defaults (unsaved) until an admin saves them."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def to_policy(self) -> PolicySettings:
        """The pure core's settings object."""
        return PolicySettings(
            progress_report_cadence=timedelta(hours=self.progress_cadence_hours),
            verification_after_business_days=self.verification_after_business_days,
            rehearing_within_business_minutes=self.rehearing_within_business_minutes,
            after_close_checkins=parse_offsets(self.after_close_checkins),
            confirm_schedule_after_business_days=self.confirm_schedule_after_business_days,
            satisfaction_after_business_days=self.satisfaction_after_business_days,
            dissatisfaction_within_business_days=self.dissatisfaction_within_business_days,
            upsell_after_business_days=self.upsell_after_business_days,
            referral_after_business_days=self.referral_after_business_days,
            business_hours_only=self.business_hours_only,
        )


class CaseCadence(models.Model):
    """A case's own progress-report cadence (§5.4), overriding the company default."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="followup_cadence"
    )
    hours = models.PositiveIntegerField(
        _("progress report every (hours)"),
        validators=[MinValueValidator(1), MaxValueValidator(24 * 90)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress-report cadence")
        verbose_name_plural = _("progress-report cadences")

    def __str__(self) -> str:
        return f"#{self.case_id} {self.hours}h"

    @property
    def cadence(self) -> timedelta:
        return timedelta(hours=self.hours)


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(status=Status.OPEN)

    def owned_by(self, user: Any) -> FollowUpQuerySet:
        """Follow-ups ``user`` must act on: theirs, or their case's when nobody was named."""
        return self.filter(Q(owner=user) | Q(owner__isnull=True, case__assignee=user))


class FollowUp(models.Model):
    """One thing to do for a customer at a given time, planned by the policy."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="followups"
    )
    customer = models.ForeignKey(
        "cases.Customer", on_delete=models.PROTECT, related_name="followups"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    due_at = models.DateTimeField(_("due"))
    #: the moment of the event that planned it (a cadence change re-anchors on it)
    anchor_at = models.DateTimeField(null=True, blank=True)
    #: who acts; empty means the case's assignee at the time (reassigning moves the work)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("owner"),
    )
    for_role = models.CharField(max_length=16, blank=True)
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("guidance"), blank=True, validators=NOTE)
    script = models.TextField(_("suggested wording"), blank=True, validators=NOTE)
    suggested_stage = models.CharField(max_length=32, blank=True, choices=STAGE_CHOICES)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    result_note = models.TextField(_("note"), blank=True, validators=NOTE)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["status", "due_at"], name="followup_due"),
            models.Index(fields=["owner", "status", "due_at"], name="followup_owner"),
            models.Index(fields=["case", "status", "due_at"], name="followup_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | (~Q(status="open") & Q(done_at__isnull=False)),
                name="followup_done_at_matches_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{timezone.localtime(self.due_at):%m/%d %H:%M}）"

    @property
    def kind_enum(self) -> FollowUpKind:
        return FollowUpKind(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def is_cancelled(self) -> bool:
        """Skipped by the system (the stage changed, the case closed …)."""
        return self.status == Status.SKIPPED and self.done_by_id is None


class SlaPause(models.Model):
    """A span during which the SLA clocks stop: waiting on the customer, a time-out (§9.4)."""

    class Reason(models.TextChoices):
        WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting for the customer's reply")
        TIME_OUT = "time_out", _("Taking time (time-out)")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sla_pauses")
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=32, choices=Reason)
    note = models.TextField(blank=True, validators=NOTE)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("SLA pause")
        verbose_name_plural = _("SLA pauses")
        indexes = [models.Index(fields=["case", "start"], name="slapause_case")]
        constraints = [
            # At most one open-ended "waiting on the customer" pause per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(end__isnull=True),
                name="slapause_one_open_per_case",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="slapause_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.get_reason_display()}"


class ReminderDelivery(models.Model):
    """The outbox: one row per follow-up and channel (see ``followups/reminders.py``).

    The sweep claims a pending row inside a transaction (``select_for_update`` with
    ``skip_locked`` on PostgreSQL; the SQLite write lock), sends, marks it sent and
    commits; a worker killed before the commit leaves the row pending for the next run,
    which sends it again (at-least-once, the same Message-ID both times). A reminder that
    cannot be delivered (no address, refused) is ``failed`` with the reason, and shown to
    the person's supervisor and admins (「届かなかったリマインダー」).
    """

    class Channel(models.TextChoices):
        MAIL = "mail", _("Mail")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent")
        FAILED = "failed", _("Undeliverable")

    followup = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel, default=Channel.MAIL)
    state = models.CharField(max_length=8, choices=State, default=State.PENDING)
    recipient = models.EmailField(blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(fields=["followup", "channel"], name="delivery_once"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="delivery_pending")]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.channel} {self.state}"


class CalendarFeed(models.Model):
    """A private ICS feed: the secret token is the only credential (revocable)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} calendar"
