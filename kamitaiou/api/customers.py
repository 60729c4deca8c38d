"""``/api/v1/customers``: search (the new-case page's picker), get with contracts, create.

No update yet: the page has no customer edit either (no ``do_update_customer``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictInt, StrictStr

from kamitaiou.api import idempotency
from kamitaiou.api.auth import user_of, writer_of
from kamitaiou.api.errors import ApiError, form_error
from kamitaiou.api.schemas import MAX_ID, Error
from kamitaiou.cases import search
from kamitaiou.cases.access import get_customer_for_user, visible_teams
from kamitaiou.cases.actions import NewCustomer, do_create_customer
from kamitaiou.cases.models import Customer
from kamitaiou.cases.picker import customer_choices

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


class CustomerSearch(Schema):
    #: every word must match name, reading, company, e-mail or phone (ﾔﾏﾀﾞ = やまだ = ヤマダ)
    q: str = Field("", max_length=search.MAX_QUERY)


class CustomerIn(Schema):
    team_id: StrictInt = Field(..., ge=1, le=MAX_ID)
    name: StrictStr = Field(..., min_length=1, max_length=200)
    name_kana: StrictStr = Field("", max_length=200)
    company: StrictStr = Field("", max_length=200)
    phone: StrictStr = Field("", max_length=40)
    email: StrictStr = Field("", max_length=254)


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


@router.get("/customers", response={200: CustomerList, **ERRORS}, summary="Find customers")
def list_customers(request: HttpRequest, filters: Query[CustomerSearch]) -> Any:
    """At most 50 of the customers you may see, newest first, as the new-case picker."""
    found = customer_choices(user_of(request), query=filters.q.strip())
    return {"items": [_out(c) for c in found]}


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
