"""Actions that put what the pages show about a customer on the case record."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kamitaiou.cases import events
from kamitaiou.cases.models import Case, Customer, EventKind
from kamitaiou.cases.record import append_event, lock_cases, save_head


@transaction.atomic
def do_seal_customer(
    actor: Any, customer: Customer, *, note: str = "", fields: list[str] | None = None
) -> int:
    """Seal ``customer`` and its contracts, as they are now, into the record of each of
    its cases (an admin's edit, an import, the API); returns how many cases. ``fields``
    names what changed (not the values: the record keeps their digests, and an erasure
    need not chase copies of them)."""
    cases = lock_cases(Case.objects.filter(customer_id=customer.pk).only("pk"))
    contracts = list(customer.contracts.order_by("pk"))
    for case in cases:
        data: dict[str, Any] = {"customer": customer.pk}
        if note:
            data["note"] = note
        if fields:
            data["fields"] = sorted(fields)
        append_event(
            case,
            kind=EventKind.CUSTOMER_CHANGED,
            actor=actor,
            data=data,
            seals=[customer, *contracts],
        )
        save_head(case)
    return len(cases)


def on_customer_saved(saved: events.CustomerSaved) -> None:
    if not saved.sealed:
        do_seal_customer(saved.actor, saved.customer, fields=list(saved.changes))


def on_contract_saved(saved: events.ContractSaved) -> None:
    do_seal_customer(
        saved.actor,
        saved.contract.customer,
        note="contract added" if saved.created else "contract changed",
        fields=[f"contract.{name}" for name in saved.changes],
    )


def connect() -> None:
    """Called from ``CasesConfig.ready()``: register the sealed rows, subscribe."""
    from kamitaiou.cases.sealing import register_cases_models  # noqa: PLC0415

    register_cases_models()
    events.subscribe(events.CustomerSaved, on_customer_saved)
    events.subscribe(events.ContractSaved, on_contract_saved)
