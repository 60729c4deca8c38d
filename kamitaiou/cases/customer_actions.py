"""Changing customers and adding or changing contracts — the one place they are written.

``actions.do_create_customer`` creates a customer; these change one
(``do_update_customer``) and create or change a contract (``do_create_contract``,
``do_update_contract``). Each is atomic and announces ``CustomerSaved`` / ``ContractSaved``
(the search index re-reads the customer). An update that changes nothing writes nothing
and announces nothing, so a re-import of the same file leaves no trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from kamitaiou.cases import events
from kamitaiou.cases.models import Contract, Customer

#: What ``do_update_customer`` may change (the team is not among them).
CUSTOMER_FIELDS = ("name", "name_kana", "company", "phone", "email", "address", "notes")
#: What ``do_update_contract`` may change (the customer is not among them).
CONTRACT_FIELDS = ("product", "start_date", "end_date", "terms")


@dataclass(frozen=True)
class NewContract:
    customer: Customer
    product: str
    start_date: date
    end_date: date | None = None
    terms: str = ""


def _changed(instance: Any, changes: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    return [name for name, value in changes.items() if getattr(instance, name) != value]


@transaction.atomic
def do_update_customer(actor: Any, customer: Customer, *, changes: dict[str, Any]) -> list[str]:
    """Set ``changes`` (field → value) on ``customer``; the names of the fields that changed."""
    changed = _changed(customer, changes, CUSTOMER_FIELDS)
    if not changed:
        return []
    for name in changed:
        setattr(customer, name, changes[name])
    customer.full_clean(exclude=["team"], validate_unique=False)
    customer.save(update_fields=changed)
    events.announce(events.CustomerSaved(actor, customer=customer))
    return changed


@transaction.atomic
def do_create_contract(actor: Any, *, data: NewContract) -> Contract:
    """Add a contract to ``data.customer``."""
    contract = Contract(
        customer=data.customer,
        product=data.product,
        start_date=data.start_date,
        end_date=data.end_date,
        terms=data.terms,
    )
    contract.full_clean(exclude=["customer"])
    contract.save()
    events.announce(events.ContractSaved(actor, contract=contract, created=True))
    return contract


@transaction.atomic
def do_update_contract(actor: Any, contract: Contract, *, changes: dict[str, Any]) -> list[str]:
    """Set ``changes`` on ``contract``; the names of the fields that changed."""
    changed = _changed(contract, changes, CONTRACT_FIELDS)
    if not changed:
        return []
    for name in changed:
        setattr(contract, name, changes[name])
    contract.full_clean(exclude=["customer"])
    contract.save(update_fields=changed)
    events.announce(events.ContractSaved(actor, contract=contract))
    return changed
