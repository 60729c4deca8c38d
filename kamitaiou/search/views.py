"""``/search/``: cases and customers found by what was typed in the header box."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kamitaiou.cases import workflow
from kamitaiou.cases.models import Contract
from kamitaiou.params import parse_int
from kamitaiou.search import query as search
from kamitaiou.search.text import MAX_QUERY, MAX_TERMS, Query, QueryError, parse_query, snippet

GROUPS = ("cases", "customers")


def _error_message(code: str) -> str:
    if code == "too_long":
        return _("The search is too long (at most %(max)d characters).") % {"max": MAX_QUERY}
    if code == "too_many":
        return _("Too many search words (at most %(max)d).") % {"max": MAX_TERMS}
    return _("Type the words to search for.")


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    order = request.GET.get("order", search.Order.NEWEST)
    order = order if order in search.Order.ALL else search.Order.NEWEST
    group = request.GET.get("group", "cases")
    group = group if group in GROUPS else "cases"
    context: dict[str, Any] = {"search_q": raw[:MAX_QUERY], "order": order, "group": group}
    if not raw.strip():
        return render(request, "search/results.html", context)
    page = parse_int(request.GET.get("page", "1"), low=1, high=search.MAX_PAGE)
    try:
        query = parse_query(raw)
    except QueryError as error:
        context["error"] = _error_message(error.code)
        return render(request, "search/results.html", context, status=400)
    if page is None:
        context["error"] = _("There is no such page (pages 1 to %(max)d).") % {
            "max": search.MAX_PAGE
        }
        return render(request, "search/results.html", context, status=400)
    context.update(_found(request, query, order=order, group=group, page=page))
    return render(request, "search/results.html", context)


def _found(
    request: HttpRequest, query: Query, *, order: str, group: str, page: int
) -> dict[str, Any]:
    cases = search.matching_cases(request, query)
    customers = search.matching_customers(request, query)
    counts = {"cases": search.capped_count(cases), "customers": search.capped_count(customers)}
    start = (page - 1) * search.PER_PAGE
    window = slice(start, start + search.PER_PAGE + 1)
    if group == "cases":
        rows = list(
            search.ordered_cases(cases, query, order=order).select_related("customer", "assignee")[
                window
            ]
        )
        items = _case_items(rows[: search.PER_PAGE], query)
    else:
        contracts = Prefetch("contracts", queryset=Contract.objects.only("customer_id", "product"))
        rows = list(
            customers.select_related("team").prefetch_related(contracts).order_by("-pk")[window]
        )
        items = _customer_items(rows[: search.PER_PAGE], query)
    return {
        "terms": query.all_terms,
        "counts": counts,
        "count_cap": search.COUNT_CAP,
        "items": items,
        "page": page,
        "has_previous": page > 1,
        "has_next": len(rows) > search.PER_PAGE and page < search.MAX_PAGE,
    }


def _case_items(cases: list[Any], query: Query) -> list[dict[str, Any]]:
    terms = query.all_terms
    found = search.snippets_for([case.pk for case in cases], query)
    return [
        {
            "case": case,
            "stage_label": workflow.stage_label(case.kind, case.stage),
            "title": snippet(case.title, terms, width=200),
            "customer": snippet(str(case.customer), terms, width=200),
            "message": snippet(found[case.pk].text, terms) if case.pk in found else None,
            "message_at": found[case.pk].at if case.pk in found else None,
        }
        for case in cases
    ]


def _customer_items(customers: list[Any], query: Query) -> list[dict[str, Any]]:
    terms = query.all_terms
    items = []
    for customer in customers:
        fields = [customer.name_kana, customer.company, customer.phone, customer.email]
        fields += [contract.product for contract in customer.contracts.all()]
        items.append(
            {
                "customer": customer,
                "name": snippet(customer.name, terms, width=200),
                "details": [snippet(field, terms, width=200) for field in fields if field],
            }
        )
    return items
