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


class ReportClock(models.Model):
    """A case's SLA figures as the reports read them, kept so a report of 100,000 cases
    does not run 100,000 business-hours clocks per request (``clock_cache``).

    ``key`` is everything the figures depend on (kind, priority, the opening, first
    response and closing times, the pauses); a case whose key changed is computed again.
    The key's parts without the pauses are kept as columns too, so the database finds the
    few cases whose clock changed without reading every case (``clock_cache.refresh``);
    ``paused`` says the key holds pauses (such a case is always checked by its key).
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="report_clock"
    )
    key = models.CharField(max_length=2000)
    first_response_minutes = models.IntegerField(null=True)
    resolution_minutes = models.IntegerField(null=True)
    first_response_met = models.BooleanField(null=True)
    resolution_met = models.BooleanField(null=True)
    kind = models.CharField(max_length=32, blank=True, default="")
    priority = models.PositiveSmallIntegerField(null=True)
    opened_at = models.DateTimeField(null=True)
    first_response_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    paused = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"clock of case {self.case_id}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued for the worker")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Export failed")
    #: emptied by a customer's erasure (decision 0022): its rows may have held them
    ERASED = "erased", _("Erased with personal data")


class ExportJob(models.Model):
    """A large .xlsx export of the inbox's list, written by the worker (ADR 0018)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    #: the inbox's filter parameters, as the export link carried them
    params = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=ExportState, default=ExportState.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    content = models.BinaryField(default=b"", editable=False)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.get_state_display()})"

    @property
    def running(self) -> bool:
        return self.state in (ExportState.QUEUED, ExportState.RUNNING)
