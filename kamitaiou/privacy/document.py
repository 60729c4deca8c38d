"""The disclosure document as a person reads it: each stored field under its Japanese
label (the model's ``verbose_name``), choices by their display name, empty fields left out."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamitaiou.cases.models import Case, CaseEvent, Contract, Customer, EventKind, Interaction
from kamitaiou.privacy.disclosure import PER_CASE

SECTION_TITLES = {
    "assessments": gettext_lazy("Assessments of demands"),
    "scope_answers": gettext_lazy("Scope of responsibility"),
    "escalations": gettext_lazy("Escalations"),
    "incidents": gettext_lazy("Harassment incidents"),
    "visits": gettext_lazy("Visits"),
    "outcomes": gettext_lazy("Outcomes"),
    "followups": gettext_lazy("Follow-ups"),
    "sla_pauses": gettext_lazy("Pauses"),
    "mails_received": gettext_lazy("Mails received"),
    "mails_sent": gettext_lazy("Mails sent"),
}
HIDDEN = {"id", "case_id", "customer_id", "team_id", "record_seq", "record_head", "hash"}


def pairs(model: type[models.Model], values: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(label, value)`` for the non-empty fields of one exported row."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    out = []
    for name, value in values.items():
        if name in HIDDEN or value in (None, "", [], {}) or isinstance(value, list | dict):
            continue
        field = fields.get(name)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        shown = dict(field.flatchoices).get(value, value) if field and field.choices else value
        out.append((label, shown))
    return out


def render_html(document: dict[str, Any]) -> str:
    """The print-ready Japanese document."""
    kinds = dict(EventKind.choices)
    direction = Interaction._meta.get_field("direction")
    channel = Interaction._meta.get_field("channel")
    cases = []
    for case in document["cases"]:
        cases.append(
            {
                "id": case["id"],
                "title": case["title"],
                "facts": [*pairs(Case, case), (_("Team"), case["team_name"])],
                "interactions": [
                    {
                        "at": item["occurred_at"],
                        "direction": dict(direction.flatchoices).get(item["direction"]),
                        "channel": dict(channel.flatchoices).get(item["channel"]),
                        "text": item["text"],
                        "by": item["recorded_by"],
                        "reading": item["reading"],
                    }
                    for item in case["interactions"]
                ],
                "sections": [
                    (SECTION_TITLES[name], [pairs(model, entry) for entry in case[name]])
                    for name, model, _field in PER_CASE
                    if case[name]
                ],
                "record": [
                    (event["created_at"], kinds.get(event["kind"], event["kind"]))
                    for event in case["record"]
                ],
            }
        )
    context = {
        "export": document["export"],
        "customer": pairs(Customer, document["customer"]),
        "contracts": [pairs(Contract, entry) for entry in document["contracts"]],
        "cases": cases,
        "event_model": CaseEvent,
    }
    return render_to_string("privacy/disclosure.html", context)
