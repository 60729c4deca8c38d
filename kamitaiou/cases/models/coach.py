"""What the reply coach showed a writer, and the templates admins add (METHOD.md §7–§9)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models.core import AppendOnlyModel, Interaction


class ReplyCoaching(AppendOnlyModel):
    """Kept with an outbound interaction: the findings shown while it was written and
    those still present when it was saved (the writer overrode them)."""

    interaction = models.OneToOneField(
        Interaction, on_delete=models.PROTECT, related_name="coaching"
    )
    stage = models.CharField(max_length=32)
    shown = models.JSONField(default=list)
    overridden = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    #: error-level finding codes the writer explicitly confirmed before saving (§9.5 …)
    confirmed_codes = models.JSONField(default=list)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"coaching of {self.interaction_id}"


class ReplyTemplate(models.Model):
    """A draft an admin adds in the UI; placeholders are the coach's ``{customer}``,
    ``{product}``, ``{incident}`` … (see docs/coach.md)."""

    title = models.CharField(_("title"), max_length=100)
    offered = models.CharField(
        _("offered at"),
        max_length=500,
        help_text=_(
            "Comma-separated kind.stage pairs, e.g. complaint.calming, "
            "unreasonable_demand.executing"
        ),
    )
    body = models.TextField(_("body"), validators=[MaxLengthValidator(5000)])
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return self.title

    def offered_pairs(self) -> set[tuple[str, str]]:
        pairs = set()
        for item in self.offered.split(","):
            kind, _sep, stage = item.strip().partition(".")
            if kind and stage:
                pairs.add((kind, stage))
        return pairs
