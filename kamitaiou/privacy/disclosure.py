"""Everything held on one customer (APPI 保有個人データの開示), as plain data.

``collect`` reads the customer, their contracts, every case with its interactions (and
the analyzer's readings), its record events, the method's records, follow-ups, mails and
attachments (metadata: name, type, size, SHA-256 — not the bytes), each model in one
query. ``do_disclose_customer`` records the export on each of the customer's cases (an
event on the record) and in the view log, then returns the document."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    Contract,
    Customer,
    DemandAssessment,
    Escalation,
    EventKind,
    HarassmentIncident,
    Interaction,
    InteractionAnalysis,
    OutcomeRecord,
    ScopeAnswerRecord,
    Visit,
)
from kamitaiou.cases.record import append_event
from kamitaiou.followups.models import FollowUp, SlaPause
from kamitaiou.mail.models import InboundMail, MailAttachment
from kamitaiou.mail.outbound_models import OutboundMail
from kamitaiou.privacy.middleware import record_view
from kamitaiou.privacy.models import ViewKind

FORMATS = ("json", "html")
#: never exported: derived search keys; binary fields (raw mails, attachment bytes) are
#: given by their size (their SHA-256 is exported beside them)
SKIPPED = {"search_key"}

#: the records kept per case: (section name, model, its case field)
PER_CASE: list[tuple[str, type[models.Model], str]] = [
    ("assessments", DemandAssessment, "case"),
    ("scope_answers", ScopeAnswerRecord, "case"),
    ("escalations", Escalation, "case"),
    ("incidents", HarassmentIncident, "case"),
    ("visits", Visit, "case"),
    ("outcomes", OutcomeRecord, "case"),
    ("followups", FollowUp, "case"),
    ("sla_pauses", SlaPause, "case"),
    ("mails_received", InboundMail, "case"),
    ("mails_sent", OutboundMail, "case"),
]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row(instance: models.Model) -> dict[str, Any]:
    """Every stored field of ``instance`` (foreign keys as ids), JSON-ready."""
    out: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        if isinstance(field, models.BinaryField):
            out[f"{field.attname}_bytes"] = len(getattr(instance, field.attname) or b"")
            continue
        out[field.attname] = _plain(getattr(instance, field.attname))
    return out


def _grouped(model: type[models.Model], field: str, ids: list[int]) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for item in model._default_manager.filter(**{f"{field}__in": ids}).order_by("pk"):
        groups[getattr(item, f"{field}_id")].append(row(item))
    return groups


def collect(customer: Customer) -> dict[str, Any]:
    """The whole document for ``customer``."""
    cases = list(
        Case.objects.filter(customer=customer).select_related("team").order_by("opened_at", "pk")
    )
    ids = [case.pk for case in cases]
    interactions = list(
        Interaction.objects.filter(case_id__in=ids)
        .select_related("author")
        .order_by("occurred_at", "pk")
    )
    readings = {
        item.interaction_id: row(item)
        for item in InteractionAnalysis.objects.filter(interaction__in=interactions)
    }
    attachments: dict[int, list[Any]] = defaultdict(list)
    for item in MailAttachment.objects.filter(inbound__case_id__in=ids).order_by("pk"):
        attachments[item.inbound_id].append(row(item))
    by_case: dict[int, list[Any]] = defaultdict(list)
    for item in interactions:
        entry = row(item)
        entry["recorded_by"] = str(item.author)
        entry["reading"] = readings.get(item.pk)
        by_case[item.case_id].append(entry)
    events = _grouped(CaseEvent, "case", ids)
    sections = {name: _grouped(model, field, ids) for name, model, field in PER_CASE}
    for mails in sections["mails_received"].values():
        for mail in mails:
            mail["attachments"] = attachments.get(mail["id"], [])
    return {
        "customer": row(customer),
        "contracts": [row(c) for c in Contract.objects.filter(customer=customer).order_by("pk")],
        "followups_without_case": [
            row(f) for f in FollowUp.objects.filter(customer=customer, case__isnull=True)
        ],
        "cases": [
            {
                **row(case),
                "team_name": case.team.name,
                "interactions": by_case.get(case.pk, []),
                "record": events.get(case.pk, []),
                **{name: sections[name].get(case.pk, []) for name, _m, _f in PER_CASE},
            }
            for case in cases
        ],
    }


def do_disclose_customer(actor: Any, customer: Customer, *, fmt: str) -> dict[str, Any]:
    """Export ``customer``'s data: an event on each of their cases' records (who, when,
    which format) and a line in the view log; returns the document. ``actor`` ``None``:
    the command line (no view log line)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with transaction.atomic():
        document = collect(customer)
        cases = list(Case.objects.select_for_update().filter(customer=customer).order_by("pk"))
        for case in cases:
            append_event(
                case,
                kind=EventKind.DISCLOSED,
                actor=actor,
                data={"format": fmt, "note": fmt.upper(), "via": "web" if actor else "command"},
            )
            case.save(update_fields=["record_seq", "record_head"])
        if actor is not None:
            record_view(actor, kind=ViewKind.EXPORT, customer_id=customer.pk, detail=fmt)
    document["export"] = {
        "at": _plain(timezone.now()),
        "by": str(actor) if actor else "command line",
        "format": fmt,
    }
    return document
