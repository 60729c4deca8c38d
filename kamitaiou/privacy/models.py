"""The view log: who opened which case page, customer page, printout or export.

Append-only (the queryset refuses updates and deletes; only ``prune`` removes rows past
the retention, ``KAMITAIOU_VIEW_LOG_DAYS``). Case and customer are plain ids, not
foreign keys: the log never holds a case or a customer back, and holds no personal data
of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ViewLogError(Exception):
    """Raised on an attempt to change or delete a view log row outside ``prune``."""


class ViewQuerySet(models.QuerySet["ViewRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise ViewLogError("the view log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ViewLogError("the view log is append-only (old rows go by prune())")

    def prune(self, *, before: datetime) -> int:
        """Remove the rows older than ``before`` (the retention); how many went."""
        old = self.filter(at__lt=before)
        return int(models.QuerySet.delete(old)[0])


class ViewKind(models.TextChoices):
    CASE = "case", _("Case page")
    CUSTOMER = "customer", _("Customer page")
    PRINT = "print", _("Printed record")
    EXPORT = "export", _("Personal data export")


class ViewRecord(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    kind = models.CharField(_("what"), max_length=16, choices=ViewKind)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    customer_id = models.BigIntegerField(_("customer"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects: ClassVar[ViewQuerySet] = ViewQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("view log entry")
        verbose_name_plural = _("view log")
        indexes = [
            # the page lists newest first by id (a keyset: ?before=ID), each filter seeks
            models.Index(fields=["at"], name="viewlog_at"),
            models.Index(fields=["user", "-id"], name="viewlog_user"),
            models.Index(fields=["case_id", "-id"], name="viewlog_case"),
            models.Index(fields=["customer_id", "-id"], name="viewlog_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ViewLogError("the view log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ViewLogError("the view log is append-only")
