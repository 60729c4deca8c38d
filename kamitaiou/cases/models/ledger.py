"""The global ledger's head and the erasures (decision 0021).

``RecordLedger`` is one row: the last event appended to any case record (its global
sequence number and hash). Every append locks it, so two transactions never fork the
ledger. ``Erasure`` is an admin's (or the retention rule's) erasure of a customer's
personal data; ``ErasedItem`` keeps the digest of each erased piece of the record so the
chain still verifies without the content.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models.core import Customer


class RecordLedger(models.Model):
    """The head of the global ledger (a single row, ``pk=1``)."""

    seq = models.PositiveBigIntegerField(default=0)
    head = models.CharField(max_length=64, blank=True)
    #: which record key sealed the ledger (``record.key_id()``), to tell "wrong key" apart
    key_id = models.CharField(max_length=16, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"ledger #{self.seq}"


class ErasureSource(models.TextChoices):
    REQUEST = "request", _("Request of the person")
    RETENTION = "retention", _("Retention rule")


class Erasure(models.Model):
    """A customer's personal data erased (APPI): who, when, why, and how much."""

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="erasures", verbose_name=_("customer")
    )
    reason = models.TextField(_("reason"))
    source = models.CharField(max_length=16, choices=ErasureSource, default=ErasureSource.REQUEST)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    #: counts of what was replaced: {"interactions": n, "events": n, "rows": n, "cases": n}
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"erasure #{self.pk} of customer {self.customer_id}"


class ErasedItem(models.Model):
    """One erased interaction or event payload and the keyed digest it had before."""

    erasure = models.ForeignKey(Erasure, on_delete=models.PROTECT, related_name="items")
    case_id = models.PositiveBigIntegerField(db_index=True)
    item = models.CharField(max_length=16)  # "interaction" | "event"
    object_id = models.PositiveBigIntegerField()
    #: the keyed digest before the erasure (what the chain covers) …
    original_digest = models.CharField(max_length=64)
    #: … and after it (keyed too: the erased row cannot be changed again unnoticed)
    erased_digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "object_id"], name="erased_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.object_id}"
