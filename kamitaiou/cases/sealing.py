"""Rows the pages show beside the case record, sealed into it (decision 0022).

An escalation, an assessment, the customer's name … are not events, but the pages show
them as part of the case. Each such model is registered here with the fields that make
it what it is; an event vouches for a row's current content by carrying its *seal* (a
keyed digest of those fields), and ``verify-records`` checks every row against the
latest seal of it on its case's record. A row changed outside an action, a row no event
sealed, a sealed row deleted — each is reported.

An app above ``cases`` (the protection app's incidents) seals its rows the same way,
without ``cases`` importing it. In its ``AppConfig.ready()``::

    from kamitaiou.cases.sealing import register_sealed
    register_sealed(Incident, fields=["what_was_said", "occurred_at", ...],
                    erase=["what_was_said"])

and in the action that creates or changes a row, with the case locked::

    from kamitaiou.cases.sealing import seal_row
    seal_row(locked_case, row=incident, actor=actor, kind=EventKind.INCIDENT,
             data={"incident": incident.pk})
    locked_case.save(update_fields=["record_seq", "record_head"])  # or touch_case

(or pass ``seals=[row]`` to ``record.append_event`` for an event the action appends
anyway). ``register_check`` adds a check of one's own to ``verify-records``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kamitaiou.cases.models import CaseEvent, EventKind
from kamitaiou.cases.record import append_event, iso, mac


@dataclass(frozen=True)
class SealedModel:
    """A registered model: its label, the sealed fields, where its case is, what erasure
    replaces."""

    label: str
    model: Any
    fields: tuple[str, ...]
    #: the row's case (``"case"``, or a path to it such as ``"incident__case"``); ``None``
    #: for rows not of one case (customer, contract), which are sealed on every case of the
    #: customer instead
    case_field: str | None
    erase: tuple[str, ...]
    #: the lookup of the case's id (``"case_id"``, ``"incident__case_id"``)
    case_attname: str | None = None


_sealed: dict[str, SealedModel] = {}
Check = Callable[[Sequence[int]], "list[str]"]
_checks: dict[str, Check] = {}


def label_of(model: Any) -> str:
    return str(model._meta.label_lower)


def _case_attname(model: Any, case_field: str) -> str:
    *path, last = case_field.split("__")
    for name in path:
        model = model._meta.get_field(name).related_model
    return "__".join([*path, model._meta.get_field(last).attname])


def register_sealed(
    model: Any,
    *,
    fields: Sequence[str],
    case_field: str | None = "case",
    erase: Sequence[str] = (),
) -> None:
    """Seal rows of ``model``: every row with a ``case_field`` must be sealed on that
    case's record, and ``verify-records`` compares ``fields`` against the latest seal.
    ``case_field`` may follow a relation (``"incident__case"`` for a row of an incident);
    a row whose path ends in no case (a null link) is not checked. ``erase`` are the
    fields a customer's erasure replaces (texts with personal data)."""
    attnames = tuple(model._meta.get_field(name).attname for name in fields)
    _sealed[label_of(model)] = SealedModel(
        label=label_of(model),
        model=model,
        fields=attnames,
        case_field=case_field,
        erase=tuple(erase),
        case_attname=None if case_field is None else _case_attname(model, case_field),
    )


def unregister_sealed(model: Any) -> None:
    _sealed.pop(label_of(model), None)


def sealed_models() -> list[SealedModel]:
    return [_sealed[label] for label in sorted(_sealed)]


def sealed_model(label: str) -> SealedModel | None:
    return _sealed.get(label)


def register_check(name: str, check: Check) -> None:
    """Run ``check(case_ids)`` in ``verify-records`` for every batch of cases; it returns
    the problems found (plain sentences naming the case)."""
    _checks[name] = check


def unregister_check(name: str) -> None:
    _checks.pop(name, None)


def checks() -> list[tuple[str, Check]]:
    return sorted(_checks.items())


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def digest_values(label: str, pk: Any, values: dict[str, Any]) -> str:
    """The keyed digest of one row's sealed ``values`` (attname → value)."""
    return mac(
        {
            "t": "row",
            "row": label,
            "pk": pk,
            "fields": {name: _plain(value) for name, value in sorted(values.items())},
        }
    )


def current_values(entry: SealedModel, pks: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """The stored values of rows ``pks`` (read back, as ``verify`` reads them)."""
    rows = entry.model._default_manager.filter(pk__in=list(pks)).values("pk", *entry.fields)
    return {row.pop("pk"): row for row in rows}


def seal(row: Any) -> dict[str, Any]:
    """The seal of ``row`` as stored: its label, id and digest (read back from the
    database, so it is exactly what ``verify`` will compute)."""
    label = label_of(type(row))
    entry = _sealed.get(label)
    if entry is None:
        raise LookupError(f"{label} is not registered with cases.sealing.register_sealed")
    values = current_values(entry, [row.pk])[row.pk]
    return {"row": label, "pk": row.pk, "digest": digest_values(label, row.pk, values)}


def seal_row(
    case: Any,
    *,
    row: Any,
    actor: Any,
    kind: str = EventKind.ROW_SEALED,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Append an event to ``case`` (locked) that seals ``row``; the caller saves the head."""
    return append_event(case, kind=kind, actor=actor, data=data, seals=[row])


def register_cases_models() -> None:
    """The rows of ``cases`` the pages show (called from ``CasesConfig.ready()``)."""
    from kamitaiou.cases import models as m  # noqa: PLC0415

    register_sealed(
        m.Customer,
        case_field=None,
        fields=["name", "name_kana", "company", "phone", "email", "address", "notes", "team"],
        erase=["name", "name_kana", "company", "phone", "email", "address", "notes"],
    )
    register_sealed(
        m.Contract,
        case_field=None,
        fields=["customer", "product", "start_date", "end_date", "terms"],
    )
    register_sealed(
        m.Escalation,
        fields=[
            *("reason", "labels", "summary", "raised_by", "raised_at"),
            *("accepted_by", "accepted_at"),
        ],
        erase=["reason", "summary"],
    )
    register_sealed(
        m.ScopeAnswerRecord,
        fields=["question", "answer", "attribution", "answered_by", "answered_at"],
        erase=["answer"],
    )
    register_sealed(
        m.DemandAssessment,
        fields=[
            *("success_probability", "risk_cost_yen", "risk_liability", "risk_relationship"),
            *("risk_note", "benefit_trust", "benefit_new_business_yen", "benefit_referrals"),
            *("benefit_note", "expected_value_yen", "recommendation", "recommendation_reason"),
            *("decline_early", "decision", "decided_by", "decided_at"),
        ],
        erase=["risk_note", "benefit_note"],
    )
    register_sealed(
        m.OutcomeRecord,
        fields=[
            *("ending", "impacts", "trust_before", "trust_after", "referrals"),
            *("new_contracts", "recorded_by", "recorded_at"),
        ],
    )
    register_sealed(
        m.HarassmentIncident,
        fields=[
            *("interaction", "labels", "what_was_said", "occurred_at", "staff"),
            *("care_offered", "recorded_by", "recorded_at"),
        ],
        erase=["what_was_said"],
    )
    register_sealed(
        m.Visit,
        fields=["planned_at", "confirmed_with_customer", "note", "planned_by", "created_at"],
        erase=["note"],
    )
