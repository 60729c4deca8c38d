"""``/api/v1/customers``: list and search (as the new-case page's picker finds them, by
keyset pages), get with contracts, create, update (``cases.customer_edits``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictInt, StrictStr

from kamitaiou.api import idempotency, keyset
from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import ApiError, form_error, refused
from kamitaiou.api.schemas import MAX_ID, Error
from kamitaiou.cases import search
from kamitaiou.cases.access import get_customer_for_user, visible_customers, visible_teams
from kamitaiou.cases.actions import ActionError, NewCustomer, do_create_customer
from kamitaiou.cases.customer_edits import do_update_customer
from kamitaiou.cases.models import Case, Customer

router = Router(tags=["customers"])
ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 409, 413, 422, 429), Error)


class ContractOut(Schema):
    id: int
    product: str
    start_date: date
    end_date: date | None
    terms: str


class CustomerOut(Schema):
    id: int
    name: str
    name_kana: str
    company: str
    phone: str
    email: str
    team_id: int
    created_at: datetime
    last_case_id: int | None = None


class CustomerDetail(CustomerOut):
    contracts: list[ContractOut]


class CustomerList(Schema):
    items: list[CustomerOut]
    next_cursor: str | None = None


class CustomerSearch(Schema):
    #: every word must match name, reading, company, e-mail or phone (ﾔﾏﾀﾞ = やまだ = ヤマダ)
    q: str = Field("", max_length=search.MAX_QUERY)
    limit: int = Field(50, ge=1, le=100)
    cursor: str = Field("", max_length=200)


class CustomerIn(Schema):
    team_id: StrictInt = Field(..., ge=1, le=MAX_ID)
    name: StrictStr = Field(..., min_length=1, max_length=200)
    name_kana: StrictStr = Field("", max_length=200)
    company: StrictStr = Field("", max_length=200)
    phone: StrictStr = Field("", max_length=40)
    email: StrictStr = Field("", max_length=254)


class CustomerPatch(Schema):
    """Only the fields sent are changed (``null`` is refused: send ``""`` to clear)."""

    #: a field that cannot be changed (the team, a typo) is a 422, not silently ignored
    model_config = ConfigDict(extra="forbid")

    name: StrictStr = Field(None, min_length=1, max_length=200)
    name_kana: StrictStr = Field(None, max_length=200)
    company: StrictStr = Field(None, max_length=200)
    phone: StrictStr = Field(None, max_length=40)
    email: StrictStr = Field(None, max_length=254)


class CustomerForm(forms.Form):
    """The new-case page's checks of a new customer's fields (NUL, e-mail, lengths)."""

    name = forms.CharField(max_length=200)
    name_kana = forms.CharField(max_length=200, required=False)
    company = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)


def _out(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.pk,
        "name": customer.name,
        "name_kana": customer.name_kana,
        "company": customer.company,
        "phone": customer.phone,
        "email": customer.email,
        "team_id": customer.team_id,
        "created_at": customer.created_at,
        "last_case_id": getattr(customer, "last_case_id", None),
    }


@router.get("/customers", response={200: CustomerList, **ERRORS}, summary="List or find customers")
def list_customers(request: HttpRequest, filters: Query[CustomerSearch]) -> Any:
    """The customers you may see matching ``q`` (all without it), newest first, at most
    ``limit`` a page; the next page by ``next_cursor``."""
    last = Case.objects.filter(customer=OuterRef("pk")).order_by("-opened_at", "-pk")
    qs = search.filter_customers(visible_customers(user_of(request)), filters.q.strip())
    qs = qs.annotate(last_case_id=Subquery(last.values("pk")[:1]))
    rows, next_cursor = keyset.page(qs, cursor=filters.cursor, limit=filters.limit)
    return {"items": [_out(c) for c in rows], "next_cursor": next_cursor}


@router.get("/customers/{id}", response={200: CustomerDetail, **ERRORS}, summary="A customer")
def get_customer(request: HttpRequest, id: int) -> Any:
    customer = get_customer_for_user(user_of(request), id)
    contracts = [
        {
            "id": c.pk,
            "product": c.product,
            "start_date": c.start_date,
            "end_date": c.end_date,
            "terms": c.terms,
        }
        for c in customer.contracts.all()[:100]
    ]
    return {**_out(customer), "contracts": contracts}


@router.patch(
    "/customers/{id}", response={200: CustomerDetail, **ERRORS}, summary="Change a customer"
)
def update_customer(request: HttpRequest, id: int, payload: CustomerPatch) -> Any:
    """The fields sent, checked as a new customer's; the team stays."""
    user = writer_of(request)
    customer = get_customer_for_user(user, id)
    sent = payload.model_dump(exclude_unset=True)
    with translation.override("ja"):
        form = CustomerForm({**{k: getattr(customer, k) for k in CustomerForm.base_fields}, **sent})
        if not form.is_valid():
            raise form_error(form)
    changes = {k: form.cleaned_data[k] for k in sent}
    try:
        do_update_customer(user, customer, changes=changes)
    except ActionError as exc:
        raise refused(exc.message) from None
    return get_customer(request, id)


@router.post("/customers", response={201: CustomerOut, **ERRORS}, summary="Add a customer")
def create_customer(request: HttpRequest, payload: CustomerIn) -> Any:
    """In one of your teams (another team's id is a 422, as on the new-case page);
    ``Idempotency-Key`` honoured."""
    user = writer_of(request)
    return Status(*idempotency.once(request, payload, lambda: _create(user, payload)))


def _create(user: Any, payload: CustomerIn) -> tuple[int, dict[str, Any]]:
    team = visible_teams(user).filter(pk=payload.team_id).first()
    if team is None:
        raise ApiError(
            "invalid",
            message_ja="そのチームはありません。",
            details=[{"field": "team_id", "message_en": "No such team of yours."}],
        )
    with translation.override("ja"):
        form = CustomerForm(payload.dict())
        if not form.is_valid():
            raise form_error(form)
    data = form.cleaned_data
    customer = do_create_customer(
        user,
        data=NewCustomer(
            name=data["name"],
            name_kana=data["name_kana"],
            company=data["company"],
            phone=data["phone"],
            email=data["email"],
            team=team,
        ),
    )
    return 201, _out(customer)
