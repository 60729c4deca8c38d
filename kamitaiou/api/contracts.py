"""``/api/v1/contracts``: list and search, get, update; a customer's new contract is
``POST /api/v1/customers/{id}/contracts`` (its after-follow starts, as on the page).

Read through ``cases.access`` (a contract is seen with its customer), checked by the
page's ``ContractForm``, written by ``followups.actions.do_add_contract`` and
``cases.customer_edits.do_update_contract``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictStr

from kamitaiou.api import idempotency, keyset
from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import form_error, refused
from kamitaiou.api.schemas import MAX_ID, Error
from kamitaiou.cases import search
from kamitaiou.cases.access import get_contract_for_user, get_customer_for_user, visible_contracts
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.customer_edits import do_update_contract
from kamitaiou.cases.models import Contract
from kamitaiou.followups.actions import do_add_contract
from kamitaiou.followups.forms import ContractForm

router = Router(tags=["contracts"])
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Error)
MAX_TERMS = 50_000


class ContractDetail(Schema):
    id: int
    customer_id: int
    customer_name: str
    product: str
    start_date: date
    end_date: date | None
    terms: str
    created_at: datetime


class NewContract(ContractDetail):
    #: the after-follow case the new contract opened (§10)
    after_follow_case_id: int | None


class ContractList(Schema):
    items: list[ContractDetail]
    next_cursor: str | None = None


class ContractSearch(Schema):
    #: every word must match the product or the customer (name, reading, company …)
    q: str = Field("", max_length=search.MAX_QUERY)
    customer_id: int | None = Field(None, ge=1, le=MAX_ID)
    limit: int = Field(50, ge=1, le=100)
    cursor: str = Field("", max_length=200)


class ContractIn(Schema):
    product: StrictStr = Field(..., min_length=1, max_length=200)
    start_date: date
    end_date: date | None = None
    terms: StrictStr = Field("", max_length=MAX_TERMS)


class ContractPatch(Schema):
    """Only the fields sent are changed; ``end_date: null`` clears the end date."""

    #: a field that cannot be changed (the team, a typo) is a 422, not silently ignored
    model_config = ConfigDict(extra="forbid")

    product: StrictStr = Field(None, min_length=1, max_length=200)
    start_date: date = Field(None)
    end_date: date | None = None
    terms: StrictStr = Field(None, max_length=MAX_TERMS)


def _out(contract: Contract) -> dict[str, Any]:
    return {
        "id": contract.pk,
        "customer_id": contract.customer_id,
        "customer_name": contract.customer.name,
        "product": contract.product,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "terms": contract.terms,
        "created_at": contract.created_at,
    }


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` through the page's contract form (Japanese and English messages)."""
    data = {k: (v.isoformat() if isinstance(v, date) else (v or "")) for k, v in values.items()}
    with translation.override("ja"):
        form = ContractForm(data)
        if not form.is_valid():
            raise form_error(form)
    return form.cleaned_data


@router.get("/contracts", response={200: ContractList, **ERRORS}, summary="List or find contracts")
def list_contracts(request: HttpRequest, filters: Query[ContractSearch]) -> Any:
    """The contracts of the customers you may see (of one with ``customer_id``), matching
    every word of ``q``, newest first, at most ``limit`` a page; then ``next_cursor``."""
    qs = visible_contracts(user_of(request)).select_related("customer")
    if filters.customer_id is not None:
        qs = qs.filter(customer_id=filters.customer_id)
    for term in search.terms(filters.q):
        qs = qs.filter(Q(product__icontains=term) | search.customer_term(term, prefix="customer__"))
    rows, next_cursor = keyset.page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(c) for c in rows], "next_cursor": next_cursor}


@router.get("/contracts/{id}", response={200: ContractDetail, **ERRORS}, summary="A contract")
def get_contract(request: HttpRequest, id: int) -> Any:
    return _out(get_contract_for_user(user_of(request), id))


@router.post(
    "/customers/{id}/contracts",
    response={201: NewContract, **ERRORS},
    summary="Add a contract (its after-follow starts)",
)
def create_contract(request: HttpRequest, id: int, payload: ContractIn) -> Any:
    """As 「契約を追加」 on the customer's page: the after-follow case opens with its
    schedule call (§10). ``Idempotency-Key`` honoured."""
    user = writer_of(request)
    customer = get_customer_for_user(user, id)

    def create() -> tuple[int, dict[str, Any]]:
        data = _checked(payload.dict())
        try:
            contract = do_add_contract(user, customer, **data)
        except ActionError as exc:
            raise refused(exc.message) from None
        case = contract.cases.order_by("-pk").first()
        return 201, {**_out(contract), "after_follow_case_id": case.pk if case else None}

    return Status(*idempotency.once(request, payload, create))


@router.patch(
    "/contracts/{id}", response={200: ContractDetail, **ERRORS}, summary="Change a contract"
)
def update_contract(request: HttpRequest, id: int, payload: ContractPatch) -> Any:
    """The fields sent, checked as on the new-contract page; the after-follow stays."""
    user = writer_of(request)
    contract = get_contract_for_user(user, id)
    sent = payload.model_dump(exclude_unset=True)
    current = {k: getattr(contract, k) for k in ("product", "start_date", "end_date", "terms")}
    data = _checked({**current, **sent})
    try:
        updated, _changes = do_update_contract(user, contract, changes={k: data[k] for k in sent})
    except ActionError as exc:
        raise refused(exc.message) from None
    return _out(get_contract_for_user(user, updated.pk))
