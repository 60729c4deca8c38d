"""The team's corrections of the analyzer's readings and verdicts on the coach, and the models
trained with them.

A :class:`ReadingCorrection` is append-only (like the case record it sits beside): a later
correction of the same message is a new row, and the latest one is what the page shows and
what retraining learns from. The stored ``InteractionAnalysis`` is never rewritten.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models import AppendOnlyModel, Case, CaseEvent, Interaction


class ReadingCorrection(AppendOnlyModel):
    """Who corrected which message's reading, when, and from what to what."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.PROTECT,
        related_name="reading_corrections",
        verbose_name=_("message"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    created_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    anger_before = models.PositiveSmallIntegerField(_("anger before"))
    anger_after = models.PositiveSmallIntegerField(_("anger after"))
    labels_before = models.JSONField(_("labels before"), default=list)
    labels_after = models.JSONField(_("labels after"), default=list)
    #: [{"label", "start", "end", "text"}]: the words that show each added label
    added_spans = models.JSONField(_("added evidence"), default=list)
    event = models.OneToOneField(
        CaseEvent, on_delete=models.PROTECT, related_name="+", verbose_name=_("record entry")
    )

    class Meta:
        verbose_name = _("reading correction")
        verbose_name_plural = _("reading corrections")
        indexes = [
            models.Index(fields=["case", "interaction", "-created_at"], name="correction_case"),
            models.Index(fields=["interaction", "-created_at"], name="correction_interaction"),
        ]

    def __str__(self) -> str:
        return f"correction of {self.interaction_id} by {self.actor_id}"

    @property
    def removed_labels(self) -> list[str]:
        return sorted(set(self.labels_before) - set(self.labels_after))

    @property
    def added_labels(self) -> list[str]:
        return sorted(set(self.labels_after) - set(self.labels_before))


class OverrideVerdict(models.TextChoices):
    """Whose judgement was wrong when a writer saved a reply over a coach finding."""

    COACH_WRONG = "coach_wrong", _("The coach was wrong")
    WRITER_WRONG = "writer_wrong", _("The writer was wrong")


class OverrideJudgement(AppendOnlyModel):
    """A supervisor's (or admin's) verdict on one overridden coach finding of a reply.

    Append-only: a later verdict on the same (reply, code) is a new row; the latest one is
    what the page shows and what ``kamitaiou export-overrides`` writes."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.PROTECT,
        related_name="override_judgements",
        verbose_name=_("reply"),
    )
    code = models.CharField(_("finding"), max_length=40)
    verdict = models.CharField(_("verdict"), max_length=16, choices=OverrideVerdict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("judged by"),
    )
    created_at = models.DateTimeField(_("judged at"), default=timezone.now)
    event = models.OneToOneField(
        CaseEvent, on_delete=models.PROTECT, related_name="+", verbose_name=_("record entry")
    )

    class Meta:
        verbose_name = _("override judgement")
        verbose_name_plural = _("override judgements")
        indexes = [
            models.Index(fields=["interaction", "code", "-created_at"], name="judgement_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.code} of {self.interaction_id}"


class TrainedModel(models.Model):
    """A model file trained here with the team's teaching (one table per kind, one code path:
    ``kamitaiou.readings.model_files``).

    The file lives in ``KAMITAIOU_MODELS_DIR`` under its sha256 prefix; at most one row of a
    kind is active — its file was copied to the kind's active file, which every process
    watches."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    file_name = models.CharField(_("file name"), max_length=100)
    created_at = models.DateTimeField(_("trained at"), default=timezone.now)
    created_by = models.CharField(_("trained by"), max_length=150, blank=True)
    rows = models.PositiveIntegerField(_("training rows"), default=0)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=False)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activated by"),
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]


class ReaderModel(TrainedModel):
    """A reader model file trained here (``kamitaiou train-analyzer --with-corrections``);
    the active one is copied to ``active.kmr``."""

    corrections = models.PositiveIntegerField(_("corrections"), default=0)

    class Meta(TrainedModel.Meta):
        verbose_name = _("reader model")
        verbose_name_plural = _("reader models")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_reader_model"
            )
        ]


class CoachModel(TrainedModel):
    """A coach checker file trained here (``kamitaiou train-coach --with-overrides``), with its
    before/after figures on the held-out verdicts; the active one is copied to
    ``coach-active.kmr``."""

    overrides = models.PositiveIntegerField(_("overrides used"), default=0)

    class Meta(TrainedModel.Meta):
        verbose_name = _("coach model")
        verbose_name_plural = _("coach models")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_coach_model"
            )
        ]


class ModelActivation(AppendOnlyModel):
    """Every activation and rollback of one kind, in order: who, when, from → to (an empty
    model: the shipped one)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        source: Any = getattr(self, "previous", None) or "shipped"
        target: Any = getattr(self, "model", None) or "shipped"
        return f"{source} → {target} at {self.at:%Y-%m-%d %H:%M}"


def _model_ref(to: type[models.Model], related_name: str, label: Any) -> Any:
    """A nullable reference from an activation row to a model row (empty: the shipped one)."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=label,
    )


class ReaderActivation(ModelActivation):
    model = _model_ref(ReaderModel, "activations", _("reader model"))
    previous = _model_ref(ReaderModel, "+", _("previous model"))

    class Meta(ModelActivation.Meta):
        verbose_name = _("reader model activation")
        verbose_name_plural = _("reader model activations")


class CoachActivation(ModelActivation):
    model = _model_ref(CoachModel, "activations", _("coach model"))
    previous = _model_ref(CoachModel, "+", _("previous model"))

    class Meta(ModelActivation.Meta):
        verbose_name = _("coach model activation")
        verbose_name_plural = _("coach model activations")
