"""Changing a customer, adding or changing a contract: one action each, atomic and announced.

The one place customers are changed and contracts written (``actions.do_create_customer``
creates a customer): the API, the customer page (``followups.do_add_contract``, which adds
the after-follow case on top of ``do_create_contract``) and the import
(``reports.importing``) all come here.

Customers and contracts sit beside the case record, not in it. Each action computes what
changed (``{field: [before, after]}``, dates as ISO strings) in one place and announces it
(``events.CustomerSaved`` / ``events.ContractSaved``, inside the transaction): the search
index re-reads the customer, and ``cases`` seals the edit (or the new contract) into the
record of every case of the customer (``record_actions``, decision 0022), so
``verify-records`` finds an edit made any other way. An edit that changes nothing writes
and announces nothing, so importing the same file twice leaves no trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kamitaiou.cases import events
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import Contract, Customer

#: what an edit may change (the team, and so who sees the customer, stays)
CUSTOMER_FIELDS = ("name", "name_kana", "company", "phone", "email")
CONTRACT_FIELDS = ("product", "start_date", "end_date", "terms")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _apply(row: Any, allowed: tuple[str, ...], changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        before = getattr(row, name)
        if before != value:
            changed[name] = [_plain(before), _plain(value)]
            setattr(row, name, value)
    return changed


def _check(row: Customer | Contract, names: Iterable[str]) -> None:
    """The model's own field checks (length, e-mail form, …) on ``names`` only, as a refusal."""
    names = set(names)
    try:
        row.full_clean(
            exclude=[f.name for f in row._meta.fields if f.name not in names],
            validate_unique=False,
        )
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from None


@transaction.atomic
def do_update_customer(
    actor: Any, customer: Customer, *, changes: Mapping[str, Any]
) -> tuple[Customer, dict[str, Any]]:
    """Change fields of ``customer`` (``CUSTOMER_FIELDS``); answer it and what changed.

    Nothing changed, nothing is written or announced."""
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    if "name" in changes and not str(changes["name"]).strip():
        raise ActionError("お客様のお名前を入力してください。")
    changed = _apply(locked, CUSTOMER_FIELDS, changes)
    if changed:
        _check(locked, changed)
        locked.save(update_fields=list(changed))
        events.announce(events.CustomerSaved(actor, customer=locked, changes=changed))
    return locked, changed


@transaction.atomic
def do_create_contract(
    actor: Any,
    customer: Customer,
    *,
    product: str,
    start_date: date,
    end_date: date | None = None,
    terms: str = "",
) -> Contract:
    """Add a contract to ``customer`` and announce it (``ContractSaved``, ``created``).

    Only the row: a contract signed now also starts its after-follow case — that is
    ``followups.actions.do_add_contract``, which calls this (``cases`` may not import
    ``followups``)."""
    product = product.strip()
    if not product:
        raise ActionError("商品・サービス名を入力してください。")
    if end_date is not None and end_date < start_date:
        raise ActionError("終了日は開始日より後にしてください。")
    contract = Contract(
        customer=customer, product=product, start_date=start_date, end_date=end_date, terms=terms
    )
    _check(contract, ("product", "start_date", "end_date", "terms"))
    contract.save()
    events.announce(events.ContractSaved(actor, contract=contract, created=True))
    return contract


@transaction.atomic
def do_update_contract(
    actor: Any, contract: Contract, *, changes: Mapping[str, Any]
) -> tuple[Contract, dict[str, Any]]:
    """Change fields of ``contract`` (``CONTRACT_FIELDS``); answer it and what changed.

    The contract's after-follow (planned when it was added) is not re-planned."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if "product" in changes and not str(changes["product"]).strip():
        raise ActionError("商品・サービス名を入力してください。")
    changed = _apply(locked, CONTRACT_FIELDS, changes)
    if locked.end_date is not None and locked.end_date < locked.start_date:
        raise ActionError("終了日は開始日より後にしてください。")
    if changed:
        _check(locked, changed)
        locked.save(update_fields=list(changed))
        events.announce(events.ContractSaved(actor, contract=locked, changes=changed))
    return locked, changed
