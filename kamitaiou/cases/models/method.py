"""What the method records on a case: assessments, scope, escalations, incidents,
visits, outcomes (METHOD.md §4, §5, §9, §11, §12), and the admin-kept policy list.

Decisions are append-only: a new assessment or outcome supersedes the previous one and
both stay on the record.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models.core import AppendOnlyModel, Case, Interaction
from kamitaiou.method.assessment import AssessmentDecision, Level
from kamitaiou.method.facts import Attribution, ScopeQuestion
from kamitaiou.method.harassment import HARASSMENT_LABELS_JA
from kamitaiou.method.outcome import Ending

LEVELS = [(level.value, level.label_ja) for level in Level]
NOTE = [MaxLengthValidator(5000)]


class DemandAssessment(AppendOnlyModel):
    """§5.2 比較検討: probability, risk, benefit, the system's recommendation, the decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    success_probability = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    risk_cost_yen = models.PositiveBigIntegerField(default=0)
    risk_liability = models.CharField(max_length=8, choices=LEVELS, default=Level.LOW)
    risk_relationship = models.CharField(max_length=8, choices=LEVELS, default=Level.LOW)
    risk_note = models.TextField(blank=True, validators=NOTE)
    benefit_trust = models.CharField(max_length=8, choices=LEVELS, default=Level.LOW)
    benefit_new_business_yen = models.PositiveBigIntegerField(default=0)
    benefit_referrals = models.PositiveIntegerField(default=0)
    benefit_note = models.TextField(blank=True, validators=NOTE)
    expected_value_yen = models.BigIntegerField()
    recommendation = models.CharField(
        max_length=8, choices=[(d.value, d.label_ja) for d in AssessmentDecision]
    )
    recommendation_reason = models.TextField()
    decline_early = models.BooleanField(default=False)
    decision = models.CharField(
        max_length=8, choices=[(d.value, d.label_ja) for d in AssessmentDecision]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "-decided_at"], name="assessment_case")]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.decision}"


class ScopeAnswerRecord(AppendOnlyModel):
    """§5.3: one of the three scope-of-responsibility questions, answered and attributed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="scope_answers")
    question = models.CharField(
        max_length=16, choices=[(q.value, q.label_ja) for q in ScopeQuestion]
    )
    answer = models.TextField(validators=NOTE)
    attribution = models.CharField(
        max_length=16, choices=[(a.value, a.label_ja) for a in Attribution]
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "question", "-answered_at"], name="scope_case")]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.question}"


class Escalation(models.Model):
    """§9.5: a legal threat or damages claim handed to a supervisor with a summary."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="escalations")
    reason = models.TextField(validators=NOTE)
    labels = models.JSONField(default=list)
    summary = models.TextField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["accepted_at", "-raised_at"], name="escalation_queue")]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.raised_at:%Y-%m-%d}"


class HarassmentIncident(AppendOnlyModel):
    """§12: who, when, what was said, and the care offered to the staff member."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    labels = models.JSONField(default=list)
    what_was_said = models.TextField(validators=[MaxLengthValidator(20_000)])
    occurred_at = models.DateTimeField()
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    care_offered = models.TextField(blank=True, validators=NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-occurred_at"], name="incident_recent")]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.occurred_at:%Y-%m-%d}"

    @property
    def labels_ja(self) -> list[str]:
        """What happened, in Japanese (長時間拘束・居座り, 過剰要求 …)."""
        return [HARASSMENT_LABELS_JA.get(label, label) for label in self.labels]


class Visit(AppendOnlyModel):
    """§9.4 change the place: a visit fixed with the customer beforehand."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="visits")
    planned_at = models.DateTimeField()
    confirmed_with_customer = models.BooleanField(default=False)
    note = models.TextField(blank=True, validators=NOTE)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.case_id} {timezone.localtime(self.planned_at):%Y-%m-%d %H:%M}"


class OutcomeRecord(AppendOnlyModel):
    """§11: ending ①/②/③, the four impacts, trust before/after, referrals, contracts."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outcomes")
    ending = models.CharField(max_length=32, choices=[(e.value, e.label_ja) for e in Ending])
    impacts = models.JSONField(default=list)
    trust_before = models.PositiveSmallIntegerField()
    trust_after = models.PositiveSmallIntegerField()
    referrals = models.PositiveIntegerField(default=0)
    new_contracts = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["case", "-recorded_at"], name="outcome_case")]

    def __str__(self) -> str:
        return f"#{self.case_id} {self.ending}"


class ForbiddenRequest(models.Model):
    """An admin-kept policy entry: requests containing any of its phrases can never be
    approved as special handling (§9.2)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    phrases = models.TextField(_("phrases (one per line)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("forbidden request")
        verbose_name_plural = _("forbidden requests")

    def __str__(self) -> str:
        return self.name

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in self.phrases.splitlines() if line.strip()]
