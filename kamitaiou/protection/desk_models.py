"""The consultation desk (相談窓口), care for staff (ケア面談) and the company policy (基本方針).

Privacy is the point of these rows (docs/decisions/0024): a consultation is read only by
the desk (the ``protection.handle_consultations`` permission) and admins, and only they
learn who filed it; what was said in a check-in is read only by the person, the desk and
admins. ``DeskEvent`` is the audit trail of every change and carries ids, never content.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.method.followups.staff_care import STEP_LABELS_JA, CheckInStep

TEXT = [MaxLengthValidator(10_000)]
NOTE = [MaxLengthValidator(5_000)]
#: ``user.has_perm`` name of the desk's permission
DESK_PERMISSION = "protection.handle_consultations"

__all__ = [
    "DESK_PERMISSION",
    "CheckIn",
    "Consultation",
    "ConsultationNote",
    "DeskEvent",
    "PolicyAcknowledgement",
    "PolicyVersion",
]


class Consultation(models.Model):
    """A consultation filed with the desk — harassment, a borderline case, anything."""

    class Topic(models.TextChoices):
        HARASSMENT = "harassment", _("カスタマーハラスメントを受けた")
        BORDERLINE = "borderline", _("カスハラか判断に迷う")
        OTHER = "other", _("その他の相談")

    class Status(models.TextChoices):
        RECEIVED = "received", _("受付")
        IN_PROGRESS = "in_progress", _("対応中")
        CLOSED = "closed", _("完了")

    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    #: the filer's team when filing — for the monthly counts only, never shown with a name
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("相談の種類"), max_length=16, choices=Topic)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("相談内容"), validators=TEXT)
    occurred_on = models.DateField(_("出来事の日"), null=True, blank=True)
    #: False: the desk does not tell the filer's supervisor who filed (the default)
    share_name_with_supervisor = models.BooleanField(_("上長に名前を伝えてよい"), default=False)
    status = models.CharField(_("状況"), max_length=16, choices=Status, default=Status.RECEIVED)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey(
        "cases.HarassmentIncident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("相談")
        verbose_name_plural = _("相談")
        ordering = ["-filed_at", "-pk"]
        permissions = [("handle_consultations", _("相談窓口の担当（相談を読み、対応する）"))]
        indexes = [models.Index(fields=["team", "filed_at"], name="consultation_team_month")]

    def __str__(self) -> str:
        return f"相談 #{self.pk}"


class ConsultationNote(models.Model):
    """The desk's follow-up notes on a consultation, append-only."""

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("対応メモ"), validators=NOTE)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"相談 #{self.consultation_id} メモ"


class CheckIn(models.Model):
    """One wellbeing check-in of a staff member after a harassment incident.

    Its schedule is a follow-up (kind ``staff_checkin``) owned by the supervisor who holds
    it; what was said is kept here, not on the follow-up nor on the case record.
    """

    class Step(models.TextChoices):
        NEXT_DAY = "next_day", STEP_LABELS_JA[CheckInStep.NEXT_DAY]
        ONE_WEEK = "one_week", STEP_LABELS_JA[CheckInStep.ONE_WEEK]
        ONE_MONTH = "one_month", STEP_LABELS_JA[CheckInStep.ONE_MONTH]

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        DONE = "done", _("実施済み")
        DECLINED = "declined", _("本人が辞退")

    class Wellbeing(models.TextChoices):
        GOOD = "good", _("落ち着いている")
        STRAINED = "strained", _("疲れ・不安がある")
        UNWELL = "unwell", _("不調（休養・配慮が必要）")

    followup = models.OneToOneField(
        "followups.FollowUp", on_delete=models.PROTECT, related_name="staff_checkin"
    )
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    incident = models.ForeignKey(
        "cases.HarassmentIncident", on_delete=models.PROTECT, related_name="+"
    )
    #: the incident's case team — for the monthly counts
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    step = models.CharField(max_length=16, choices=Step)
    status = models.CharField(max_length=16, choices=Status, default=Status.PLANNED)
    wellbeing = models.CharField(_("様子"), max_length=16, choices=Wellbeing, blank=True)
    how_they_are = models.TextField(_("本人の様子"), blank=True, validators=NOTE)
    agreed = models.TextField(_("合意したこと"), blank=True, validators=NOTE)
    held_at = models.DateTimeField(_("面談した日時"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decline_note = models.TextField(_("辞退の理由（任意）"), blank=True, validators=NOTE)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ケア面談")
        verbose_name_plural = _("ケア面談")
        indexes = [
            models.Index(fields=["staff", "status"], name="checkin_staff"),
            models.Index(fields=["team", "status", "closed_at"], name="checkin_team_month"),
        ]

    def __str__(self) -> str:
        return f"ケア面談 #{self.pk}"

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED


class PolicyVersion(models.Model):
    """One published version of the company policy (基本方針) and the response handbook."""

    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(_("表題"), max_length=200)
    policy_text = models.TextField(_("基本方針"), validators=[MaxLengthValidator(50_000)])
    handbook_text = models.TextField(_("対応マニュアル"), validators=[MaxLengthValidator(100_000)])
    change_note = models.CharField(_("改定の要点"), max_length=500, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("基本方針")
        verbose_name_plural = _("基本方針")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"第{self.number}版 {self.title}"


class PolicyAcknowledgement(models.Model):
    """A staff member read and acknowledged one version (once per version)."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="policy_ack_once")]

    def __str__(self) -> str:
        return f"{self.user_id} 第{self.version_id}版"


class DeskEvent(models.Model):
    """The audit trail of the desk's actions: who did what to which row, when. Ids only —
    never the text of a consultation or a check-in."""

    class Kind(models.TextChoices):
        CONSULTATION_FILED = "consultation_filed"
        CONSULTATION_UPDATED = "consultation_updated"
        CHECKINS_PLANNED = "checkins_planned"
        CHECKIN_RECORDED = "checkin_recorded"
        CHECKIN_DECLINED = "checkin_declined"
        POLICY_PUBLISHED = "policy_published"
        POLICY_ACKNOWLEDGED = "policy_acknowledged"

    kind = models.CharField(max_length=32, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    data = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
