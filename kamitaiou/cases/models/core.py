"""Customers, contracts, cases and the case record (METHOD.md §1, §2, §12).

The case record — interactions and events — is append-only: rows are only ever
inserted, and every event carries a hash chained to the previous event of the same
case, so that a changed or deleted row is found by ``kamitaiou verify-records``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.search import customer_search_key

FAR_FUTURE = datetime(9999, 12, 31, tzinfo=UTC)
#: ``inbox_rank`` is this minus the urgency (urgency stays below it: threat 100 +
#: priority 40 + anger 3), so "most urgent first" is an ascending order.
RANK_CEILING = 1000


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of the case record."""


class AppendOnlyQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the case record is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the case record is append-only")


class AppendOnlyModel(models.Model):
    objects: ClassVar[Any] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the case record is append-only: add a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the case record is append-only")


class CaseKind(models.TextChoices):
    """METHOD.md §2. Values match ``kamitaiou.method`` identifiers."""

    COMPLAINT = "complaint", _("Complaint")
    UNREASONABLE_DEMAND = "unreasonable_demand", _("Unreasonable demand")
    SPECIAL_REQUEST = "special_request", _("Special request")
    AFTER_FOLLOW = "after_follow", _("After-follow")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Direction(models.TextChoices):
    IN = "in", _("From the customer")
    OUT = "out", _("To the customer")
    INTERNAL = "internal", _("Internal note")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    MAIL = "mail", _("Mail")
    VISIT = "visit", _("Visit")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Web form")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(5000)])
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="customers", verbose_name=_("team")
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Name, reading, company, e-mail and phone folded (NFKC, hiragana → katakana,
    # case-folded) so ﾔﾏﾀﾞ, やまだ and ヤマダ find the same customer. Kept by ``save``.
    search_key = models.TextField(blank=True, editable=False, default="")

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(fields=["team", "name_kana"])]

    def __str__(self) -> str:
        return f"{self.company} {self.name}".strip() if self.company else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = customer_search_key(
            name=self.name,
            name_kana=self.name_kana,
            company=self.company,
            email=self.email,
            phone=self.phone,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)


class Contract(models.Model):
    """A contract or product of a customer; its terms are what normative persuasion cites."""

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("customer")
    )
    product = models.CharField(_("product / service"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    terms = models.TextField(_("terms"), blank=True, validators=[MaxLengthValidator(50_000)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return f"{self.product}（{self.start_date:%Y-%m-%d}〜）"


class Case(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=CaseKind)
    title = models.CharField(_("title"), max_length=200)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="cases", verbose_name=_("customer")
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("contract"),
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    stage = models.CharField(_("stage"), max_length=32)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.NORMAL
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # Denormalised for the inbox order: kept up to date by the actions.
    anger = models.PositiveSmallIntegerField(default=0)
    threat = models.BooleanField(default=False)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(default=0)
    # ``RANK_CEILING - urgency``: the inbox order (rank, inbox_due, opened_at, id) is then
    # ascending in every column, so a keyset page is one row-value comparison that seeks
    # the index (``kamitaiou/inbox/pages.py``), on SQLite and PostgreSQL alike.
    inbox_rank = models.PositiveSmallIntegerField(default=RANK_CEILING)
    #: how the case reached us (the channel of its opening contact)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, blank=True)
    # ``due_at`` with "none" as the far future, so the inbox order (nearest due first,
    # undated last) is one plain index order on SQLite and PostgreSQL alike.
    inbox_due = models.DateTimeField(default=FAR_FUTURE)
    # The method's recorded facts (customer calm, fault assessed, consent, verification,
    # explanation, …) as last recorded; every change is also an event of the record.
    facts = models.JSONField(default=dict, blank=True)
    # Analyzer labels found in the customer's messages (union), for guards and badges.
    labels = models.JSONField(default=list, blank=True)
    background = models.TextField(
        _("background"), blank=True, validators=[MaxLengthValidator(5000)]
    )
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    # Head of the hash chain of the case record.
    record_seq = models.PositiveIntegerField(default=0)
    record_head = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(
                fields=["team", "closed_at", "inbox_rank", "inbox_due", "opened_at", "id"],
                name="case_team_inbox",
            ),
            # the team last: "mine" checks the person's teams without reading the rows
            models.Index(
                fields=[
                    *("assignee", "closed_at", "inbox_rank", "inbox_due", "opened_at", "id"),
                    "team",
                ],
                name="case_assignee_inbox",
            ),
            # the inbox's two most used filters seek instead of scanning the team's cases
            models.Index(
                fields=[
                    *("team", "closed_at", "kind"),
                    *("inbox_rank", "inbox_due", "opened_at", "id"),
                ],
                name="case_team_kind_inbox",
            ),
            models.Index(
                fields=[
                    *("team", "closed_at", "stage"),
                    *("inbox_rank", "inbox_due", "opened_at", "id"),
                ],
                name="case_team_stage_inbox",
            ),
            # every team at once (admins, and people in several teams)
            models.Index(
                fields=["closed_at", "inbox_rank", "inbox_due", "opened_at", "id"],
                name="case_inbox",
            ),
            models.Index(fields=["customer", "-opened_at"], name="case_customer"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def deadline_passed(self) -> bool:
        """The customer's deadline is behind us and the case is still open (期限超過)."""
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()

    def compute_urgency(self) -> int:
        """Threats first, then priority, then anger (the inbox sorts by this, then due)."""
        return (100 if self.threat else 0) + self.priority * 10 + self.anger

    def refresh_inbox_order(self) -> None:
        """Recompute the denormalised keys the inbox sorts by."""
        self.urgency = self.compute_urgency()
        self.inbox_rank = RANK_CEILING - self.urgency
        self.inbox_due = self.due_at or FAR_FUTURE


class Interaction(AppendOnlyModel):
    """One contact with the customer or an internal note (対応履歴). Never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interactions")
    direction = models.CharField(_("direction"), max_length=16, choices=Direction)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel)
    text = models.TextField(_("text"))
    occurred_at = models.DateTimeField(_("occurred at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["case", "occurred_at"], name="interaction_case")]

    def __str__(self) -> str:
        at = timezone.localtime(self.occurred_at)
        return f"{self.get_direction_display()} {at:%Y-%m-%d %H:%M}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Case opened")
    INTERACTION = "interaction", _("Interaction recorded")
    ASSIGNED = "assigned", _("Assigned")
    STAGE_CHANGED = "stage_changed", _("Stage changed")
    KIND_CHANGED = "kind_changed", _("Kind changed")
    CLOSED = "closed", _("Closed")
    FACT_RECORDED = "fact_recorded", _("Fact recorded")
    ASSESSED = "assessed", _("Assessed")
    SCOPE_FIXED = "scope_fixed", _("Scope of responsibility fixed")
    ESCALATED = "escalated", _("Escalated to a supervisor")
    ESCALATION_ACCEPTED = "escalation_accepted", _("Escalation accepted")
    REASSIGNED = "reassigned", _("Reassigned")
    TIME_OUT = "time_out", _("Time out")
    VISIT_PLANNED = "visit_planned", _("Visit planned")
    INCIDENT = "incident", _("Harassment incident recorded")
    OUTCOME = "outcome", _("Outcome recorded")
    BACKGROUND = "background", _("Background recorded")
    FOLLOWUP = "followup", _("Follow-up")
    READING_CORRECTED = "reading_corrected", _("Reading corrected")
    OVERRIDE_JUDGED = "override_judged", _("Coach override judged")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    RESEALED = "resealed", _("Record sealed under the record key")
    CUSTOMER_CHANGED = "customer_changed", _("Customer or contract changed")
    ROW_SEALED = "row_sealed", _("Record entry sealed")
    ERASED = "erased", _("Personal data erased")
    RECORD_PRINTED = "record_printed", _("Record printed")
    DISCLOSED = "disclosed", _("Personal data disclosed to the customer")


class CaseEvent(AppendOnlyModel):
    """An entry of the case record, hash-chained to the previous one of the same case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32, choices=EventKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    interaction = models.OneToOneField(
        Interaction, on_delete=models.PROTECT, null=True, related_name="event"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # The event's place in the global ledger across all cases (``record.append_event``):
    # a deleted case or a cut tail leaves a gap there. ``None`` only on an event sealed
    # before the ledger existed whose chain could not be re-sealed (verify reports it).
    ledger_seq = models.PositiveBigIntegerField(null=True, unique=True)
    ledger_prev = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="event_case_seq")]

    def __str__(self) -> str:
        return f"#{self.case_id}-{self.seq} {self.kind}"


class InteractionAnalysis(models.Model):
    """What the analyzer read in an inbound message. Derived data: recomputed when the
    lexicons change (``kamitaiou reanalyze``), so it lives beside the append-only record."""

    interaction = models.OneToOneField(
        Interaction, on_delete=models.PROTECT, related_name="analysis"
    )
    anger = models.PositiveSmallIntegerField(default=0)
    anxiety = models.PositiveSmallIntegerField(default=0)
    labels = models.JSONField(default=list)
    signals = models.JSONField(default=list)
    #: the words that raised the anger reading most (analyzer v2), strongest first
    anger_evidence = models.JSONField(default=list)
    #: 0.0–3.0, the reader's continuous anger (ranking, reports)
    anger_score = models.FloatField(default=0.0)
    next_step = models.CharField(max_length=32, blank=True)
    lexicon_version = models.CharField(max_length=32, db_index=True)
    analyzed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"analysis of {self.interaction_id}"
