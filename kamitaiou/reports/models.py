"""What the import of customers and contracts keeps (issue #15, item 5).

An ``ImportJob`` holds the uploaded file until it is imported, its state and counts; its
``ImportProblem`` rows are the preview's validation report. ``ImportedCustomer`` remembers
which customer an external id (顧客ID) of a team's CRM became, so a re-import finds it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    CHECKING = "checking", _("Checking")
    INVALID = "invalid", _("Cannot be read")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Import failed")


RUNNING = (ImportState.CHECKING, ImportState.IMPORTING)


class ImportJob(models.Model):
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    # The upload, until it is imported (then emptied: the customers hold the data now).
    content = models.BinaryField(default=b"", editable=False)
    state = models.CharField(max_length=16, choices=ImportState, default=ImportState.CHECKING)
    skip_invalid = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    # Predicted by the check, then what the import did.
    new_customers = models.PositiveIntegerField(default=0)
    changed_customers = models.PositiveIntegerField(default=0)
    unchanged_customers = models.PositiveIntegerField(default=0)
    new_contracts = models.PositiveIntegerField(default=0)
    changed_contracts = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in RUNNING

    @property
    def valid_rows(self) -> int:
        return self.rows - self.invalid_rows


class ImportProblem(models.Model):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()  # as the spreadsheet shows it; 0 = the whole file
    column = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=32)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["row", "pk"]
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"{self.row}: {self.column} {self.code}"


class ImportedCustomer(models.Model):
    """The customer a team's external id (顧客ID, 顧客コード …) stands for."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(max_length=100)
    customer = models.ForeignKey(
        "cases.Customer", on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "external_id"], name="imported_customer_once")
        ]

    def __str__(self) -> str:
        return self.external_id
