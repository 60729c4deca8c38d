"""Erasure of a customer's personal data (APPI), keeping the record verifiable
(decision 0022).

An admin erases a customer on request, with a reason; the retention rule
(``kamitaiou retention``) erases customers whose cases all closed long ago. The texts of
the customer's cases — interactions, the free text in events (titles, notes, reasons,
answers …), the sealed rows' text fields, the case's title and background — and the
customer's own fields are replaced by 「（削除済み）」, and so are the excerpts of reply
drafts the coach kept (``ReplyCoaching.shown`` / ``overridden``; codes and spans stay).
The keyed digest each erased interaction and event had is kept (``ErasedItem``), so the
chain still verifies; one ``erased`` event on each case says who erased what, when and
why, and re-seals the rows.

Copies other apps keep are theirs to erase on ``events.CustomerErased``, announced inside
this transaction (so a subscriber's failure rolls the whole erasure back): ``search`` its
index, ``mail`` the raw messages, bodies, addresses and attachments, ``readings`` the text
of the evidence spans its corrections added, ``reports`` the finished exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from kamitaiou.accounts.models import Role
from kamitaiou.cases import events, sealing
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    Customer,
    ErasedItem,
    Erasure,
    ErasureSource,
    EventKind,
    Interaction,
    InteractionAnalysis,
    ReplyCoaching,
)
from kamitaiou.cases.record import (
    append_event,
    data_digest,
    interaction_digest,
    lock_cases,
    save_head,
)

PLACEHOLDER = "（削除済み）"
#: keys of event data whose text may hold personal data
TEXT_KEYS = frozenset(
    {
        *("title", "text", "reason", "note", "handover_note", "answer", "summary"),
        *("what_was_said", "care_offered", "approval_reason", "planned_note"),
    }
)
#: keys of a stored coach finding an erasure keeps (every other text is replaced)
FINDING_KEPT_KEYS = frozenset({"code", "severity", "start", "end", "whole_draft"})
#: events that describe the record itself, never erased
KEPT_KINDS = frozenset({EventKind.ERASED, EventKind.RESEALED})
#: customer fields cleared (``name`` becomes the placeholder)
CUSTOMER_FIELDS = ("name_kana", "company", "phone", "email", "address", "notes")


def erase_data(value: Any) -> Any:
    """``value`` with every non-empty text under a ``TEXT_KEYS`` key replaced."""
    if isinstance(value, dict):
        return {
            key: PLACEHOLDER
            if key in TEXT_KEYS and isinstance(item, str) and item
            else erase_data(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [erase_data(item) for item in value]
    return value


def erase_findings(value: Any) -> Any:
    """Stored coach findings with every non-empty text replaced but their codes,
    severities and spans: the text, suggestion and replacement quote or rewrite the
    draft, and what the page sent back may carry keys of its own."""
    if isinstance(value, dict):
        return {
            key: item if key in FINDING_KEPT_KEYS else erase_findings(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [erase_findings(item) for item in value]
    if isinstance(value, str) and value:
        return PLACEHOLDER
    return value


def erase_rows(queryset: Any, **fields: Any) -> int:
    """Set ``fields`` on every row of ``queryset``, append-only models included: an
    erasure is the one sanctioned rewrite of the record's rows (their digests are kept).
    The apps above ``cases`` erase their copies with it too."""
    rows = queryset.model._base_manager.filter(pk__in=queryset.values("pk"))
    return int(models.QuerySet.update(rows, **fields))


def _force_update(model: Any, pk: Any, **fields: Any) -> None:
    erase_rows(model._base_manager.filter(pk=pk), **fields)


@dataclass
class _Counts:
    interactions: int = 0
    events: int = 0
    rows: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"interactions": self.interactions, "events": self.events, "rows": self.rows}


def _erase_interactions(case: Case, erasure: Erasure, counts: _Counts) -> None:
    done = set(
        ErasedItem.objects.filter(case_id=case.pk, item="interaction").values_list(
            "object_id", flat=True
        )
    )
    for interaction in Interaction.objects.filter(case=case).order_by("pk"):
        if interaction.pk in done or interaction.text == PLACEHOLDER:
            continue
        original = interaction_digest(interaction)
        interaction.text = PLACEHOLDER
        _force_update(Interaction, interaction.pk, text=PLACEHOLDER)
        ErasedItem.objects.create(
            erasure=erasure,
            case_id=case.pk,
            item="interaction",
            object_id=interaction.pk,
            original_digest=original,
            erased_digest=interaction_digest(interaction),
        )
        counts.interactions += 1
    # the analyzer's reading quotes the customer's words
    InteractionAnalysis.objects.filter(interaction__case=case).update(signals=[], anger_evidence=[])
    _erase_coaching(case)


def _erase_coaching(case: Case) -> None:
    # the coach's findings quote the reply draft, which may repeat the customer's words
    rows = ReplyCoaching.objects.filter(interaction__case=case).order_by("pk")
    for pk, shown, overridden in rows.values_list("pk", "shown", "overridden"):
        changes = {
            "shown": erase_findings(shown),
            "overridden": erase_findings(overridden),
        }
        if changes != {"shown": shown, "overridden": overridden}:
            _force_update(ReplyCoaching, pk, **changes)


def _erase_events(case: Case, erasure: Erasure, counts: _Counts) -> None:
    done = set(
        ErasedItem.objects.filter(case_id=case.pk, item="event").values_list("object_id", flat=True)
    )
    rows = CaseEvent.objects.filter(case=case).exclude(kind__in=KEPT_KINDS).order_by("seq")
    for event_id, data in rows.values_list("pk", "data"):
        erased = erase_data(data)
        if erased == data:
            continue
        original = data_digest(data)
        if event_id in done:
            item = ErasedItem.objects.get(item="event", object_id=event_id)
            original = item.original_digest
            item.delete()
        _force_update(CaseEvent, event_id, data=erased)
        ErasedItem.objects.create(
            erasure=erasure,
            case_id=case.pk,
            item="event",
            object_id=event_id,
            original_digest=original,
            erased_digest=data_digest(erased),
        )
        counts.events += 1


def _erase_rows(case: Case, counts: _Counts) -> list[Any]:
    resealed = []
    for entry in sealing.sealed_models():
        if entry.case_field is None or not entry.erase:
            continue
        for row in entry.model._base_manager.filter(**{entry.case_field: case}):
            changes = {
                name: PLACEHOLDER
                for name in entry.erase
                if getattr(row, name) and getattr(row, name) != PLACEHOLDER
            }
            if changes:
                _force_update(entry.model, row.pk, **changes)
                counts.rows += 1
            resealed.append(row)
    return resealed


def _erase_customer_fields(customer: Customer) -> None:
    customer.name = PLACEHOLDER
    for name in CUSTOMER_FIELDS:
        setattr(customer, name, "")
    customer.save(update_fields=["name", *CUSTOMER_FIELDS])


@transaction.atomic
def do_erase_customer(
    actor: Any, customer: Customer, *, reason: str, source: str = ErasureSource.REQUEST
) -> Erasure:
    """Erase ``customer``'s personal data from every case of theirs, and (through the
    ``CustomerErased`` subscribers, in this transaction) every copy other apps keep; only
    an admin may (``actor`` is ``None`` for the retention rule). The record still
    verifies."""
    reason = reason.strip()
    if not reason:
        raise ActionError("消去の理由を入力してください。")
    if actor is not None and getattr(actor, "role", None) != Role.ADMIN:
        raise ActionError("個人データを消去できるのは管理者だけです。")
    # the customer first, then its cases: the order ``do_update_customer`` locks them in
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    cases = lock_cases(Case.objects.filter(customer_id=customer.pk).only("pk"))
    erasure = Erasure.objects.create(
        customer=customer, reason=reason, source=source, erased_by=actor
    )
    counts = _Counts()
    resealed: dict[int, list[Any]] = {}
    for case in cases:
        _erase_interactions(case, erasure, counts)
        _erase_events(case, erasure, counts)
        resealed[case.pk] = _erase_rows(case, counts)
        changes = {"title": PLACEHOLDER}
        if case.background:
            changes["background"] = PLACEHOLDER
        Case.objects.filter(pk=case.pk).update(**changes)
    _erase_customer_fields(customer)
    contracts = list(customer.contracts.order_by("pk"))
    erasure.summary = {**counts.as_dict(), "cases": len(cases)}
    erasure.save(update_fields=["summary"])
    for case in cases:
        append_event(
            case,
            kind=EventKind.ERASED,
            actor=actor,
            data={
                "erasure": erasure.pk,
                "customer": customer.pk,
                "reason": reason,
                "source": source,
                "by": str(actor) if actor is not None else "",
                "counts": erasure.summary,
            },
            seals=[customer, *contracts, *resealed[case.pk]],
        )
        save_head(case)
    events.announce(events.CustomerSaved(actor, customer=customer, sealed=True))
    events.announce(events.CustomerErased(actor, customer=customer, cases=cases))
    return erasure


def retention_candidates(*, years: int, now: datetime | None = None) -> Iterable[Customer]:
    """Customers whose cases all closed more than ``years`` ago (none open), not yet
    erased."""
    cutoff = (now or timezone.now()) - timedelta(days=365 * years + years // 4)
    return (
        Customer.objects.annotate(last_closed=Max("cases__closed_at"))
        .filter(cases__isnull=False, last_closed__lt=cutoff)
        .exclude(cases__closed_at__isnull=True)
        .exclude(Q(name=PLACEHOLDER) & Q(erasures__isnull=False))
        .distinct()
        .order_by("pk")
    )
