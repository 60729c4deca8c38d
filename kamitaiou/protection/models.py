"""The records of the カスハラ measures (issue 16): the incident record built on the
case-side detection (decision 0021), its evidence and response steps, and the
restrictions of service per customer.

The rules live in ``kamitaiou.method.protection``; every write goes through
``protection.actions`` and appends an ``incident`` event to the case's hash-chained record.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models import Case, Channel, Customer, HarassmentIncident, Interaction
from kamitaiou.method.protection import categories as cat
from kamitaiou.method.protection import procedure as proc
from kamitaiou.method.protection import restrictions as res

NOTE = [MaxLengthValidator(5000)]


class Category(models.TextChoices):
    VERBAL_ABUSE = cat.Category.VERBAL_ABUSE.value, _("Verbal abuse, personal attacks")
    INTIMIDATION = cat.Category.INTIMIDATION.value, _("Intimidation, threats")
    VIOLENCE = cat.Category.VIOLENCE.value, _("Violence")
    DOGEZA = cat.Category.DOGEZA.value, _("Demand to kneel (dogeza)")
    SNS_EXPOSURE = cat.Category.SNS_EXPOSURE.value, _("Exposure or threats on social media")
    COVERT_RECORDING = (
        cat.Category.COVERT_RECORDING.value,
        _("Filming or recording without consent"),
    )
    PROLONGED_BINDING = cat.Category.PROLONGED_BINDING.value, _("Prolonged binding, sit-in")
    REPEATED_CONTACT = (
        cat.Category.REPEATED_CONTACT.value,
        _("Persistent repetition (calls, visits)"),
    )
    EXCESSIVE_DEMAND = cat.Category.EXCESSIVE_DEMAND.value, _("Excessive or unjust demands")
    SEXUAL_CONDUCT = cat.Category.SEXUAL_CONDUCT.value, _("Sexual remarks or conduct")
    STAFF_PRIVACY = (
        cat.Category.STAFF_PRIVACY.value,
        _("Demanding or exposing staff's personal data"),
    )


class Demand(models.TextChoices):
    LEGITIMATE = cat.Demand.LEGITIMATE.value, _("Legitimate")
    PARTLY = cat.Demand.PARTLY.value, _("Partly legitimate")
    NOT_LEGITIMATE = cat.Demand.NOT_LEGITIMATE.value, _("Not legitimate")


class Manner(models.TextChoices):
    ACCEPTABLE = cat.Manner.ACCEPTABLE.value, _("Socially acceptable")
    UNACCEPTABLE = cat.Manner.UNACCEPTABLE.value, _("Not socially acceptable")


class Verdict(models.TextChoices):
    HARASSMENT = cat.Verdict.HARASSMENT.value, _("Customer harassment")
    LEGITIMATE_COMPLAINT = (
        cat.Verdict.LEGITIMATE_COMPLAINT.value,
        _("Legitimate complaint (not harassment)"),
    )
    TO_REVIEW = cat.Verdict.TO_REVIEW.value, _("To be reviewed")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


class Police(models.TextChoices):
    NONE = "none", _("No")
    CONSULTED = "consulted", _("Consulted the police")
    REPORTED = "reported", _("Reported to the police")


class Lawyer(models.TextChoices):
    NONE = "none", _("No")
    CONSULTED = "consulted", _("Consulted a lawyer")
    INSTRUCTED = "instructed", _("Instructed a lawyer")


class StepKind(models.TextChoices):
    WARN = proc.Step.WARN.value, _("Warned")
    END_CONTACT = proc.Step.END_CONTACT.value, _("Ended the contact")
    HAND_TO_SUPERVISOR = proc.Step.HAND_TO_SUPERVISOR.value, _("Handed to a supervisor")
    DECIDE_RESTRICTION = proc.Step.DECIDE_RESTRICTION.value, _("Decided on restrictions")


class RestrictionKind(models.TextChoices):
    WRITTEN_ONLY = res.Kind.WRITTEN_ONLY.value, _("In writing only")
    PHONE_ONLY = res.Kind.PHONE_ONLY.value, _("By phone only")
    TWO_STAFF = res.Kind.TWO_STAFF.value, _("Two staff members")
    NO_VISITS = res.Kind.NO_VISITS.value, _("No visits")
    REFUSED = res.Kind.REFUSED.value, _("Service refused")


class Incident(models.Model):
    """One incident of customer harassment on a case, as a person confirmed it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="protection_incidents")
    #: the case-side detection it was opened from (``None``: recorded by hand)
    detection = models.OneToOneField(
        HarassmentIncident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protection_record",
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    categories = models.JSONField(_("conduct"), default=list, blank=True)
    demand = models.CharField(
        _("is the demand legitimate?"), max_length=16, choices=Demand, blank=True
    )
    demand_note = models.TextField(_("about the demand"), blank=True, validators=NOTE)
    manner = models.CharField(
        _("is the manner acceptable?"), max_length=16, choices=Manner, blank=True
    )
    manner_note = models.TextField(_("about the manner"), blank=True, validators=NOTE)
    verdict = models.CharField(max_length=24, choices=Verdict, blank=True)
    threat_to_life = models.BooleanField(_("threat to life or body"), default=False)
    targeted = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member targeted"),
    )
    alone = models.BooleanField(_("was alone"), null=True, blank=True)
    others_present = models.CharField(_("others present"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel)
    summary = models.TextField(_("what happened"), blank=True, validators=NOTE)
    police = models.CharField(_("police"), max_length=16, choices=Police, default=Police.NONE)
    lawyer = models.CharField(_("lawyer"), max_length=16, choices=Lawyer, default=Lawyer.NONE)
    referral_note = models.TextField(_("about the referral"), blank=True, validators=NOTE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("harassment incident record")
        verbose_name_plural = _("harassment incident records")
        indexes = [models.Index(fields=["case", "-occurred_at"], name="protection_incident_case")]

    def __str__(self) -> str:
        return f"#{self.case_id}-{self.pk} {self.occurred_at:%Y-%m-%d}"

    @property
    def immediate(self) -> bool:
        """Violence or a threat to life: the hand-over comes before every other step."""
        return cat.needs_immediate_handover(self.categories, threat_to_life=self.threat_to_life)

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def category_labels(self) -> list[str]:
        names = dict(Category.choices)
        return [str(names[c.value]) for c in cat.ordered(self.categories)]


class Evidence(models.Model):
    """The customer's words, verbatim, from one interaction of the case's record."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    interaction = models.ForeignKey(Interaction, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(_("verbatim words"), validators=[MaxLengthValidator(20_000)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(fields=["incident", "interaction"], name="evidence_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.interaction_id}"


class ResponseStep(models.Model):
    """One step of the response procedure: what, who, when (taken once per incident)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=24, choices=StepKind)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"))
    wording = models.TextField(_("wording used"), blank=True, validators=NOTE)
    note = models.TextField(_("note"), blank=True, validators=NOTE)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("response step")
        verbose_name_plural = _("response steps")
        constraints = [models.UniqueConstraint(fields=["incident", "step"], name="step_once")]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.step}"


class Restriction(models.Model):
    """A restriction of service for one customer (対応制限); lifted rows stay as history."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="restrictions")
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="restrictions"
    )
    kinds = models.JSONField(_("restrictions"), default=list)
    reason = models.TextField(_("reason"), validators=NOTE)
    review_on = models.DateField(_("review on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True, validators=NOTE)

    class Meta:
        verbose_name = _("restriction of service")
        verbose_name_plural = _("restrictions of service")
        indexes = [models.Index(fields=["customer", "lifted_at"], name="restriction_customer")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {res.kinds_ja(self.kinds)}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None

    @property
    def kinds_ja(self) -> str:
        return res.kinds_ja(self.kinds)

    @property
    def kind_labels(self) -> list[str]:
        names = dict(RestrictionKind.choices)
        return [str(names[k.value]) for k in res.ordered(self.kinds)]
