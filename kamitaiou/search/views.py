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
from kamitaiou.cases.models import Case, Contract, Customer, Interaction
from kamitaiou.params import parse_int
from kamitaiou.search import pages
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
    start = (page - 1) * search.PER_PAGE
    one_page = search.PER_PAGE + 1
    relevance = group == "cases" and order == search.Order.RELEVANCE
    selective = pages.selective_terms(query)
    if group == "cases":
        need = pages.RELEVANCE_POOL + 1 if relevance else start + one_page
        cases = pages.find_cases(request, query, need=need, selective=selective)
        customers = pages.find_customers(request, query, need=one_page, selective=selective)
        hits = cases.hits[: pages.RELEVANCE_POOL] if relevance else cases.hits
        hits = pages.rank(hits) if relevance and not cases.fallback else hits
        shown = hits[start : start + one_page]
        items = _case_items(shown[: search.PER_PAGE], query, fallback=cases.fallback)
    else:
        cases = pages.find_cases(request, query, need=one_page, selective=selective)
        customers = pages.find_customers(request, query, need=start + one_page, selective=selective)
        shown = customers.hits[start : start + one_page]
        contracts = Prefetch("contracts", queryset=Contract.objects.only("customer_id", "product"))
        wanted = [hit.pk for hit in shown[: search.PER_PAGE]]
        rows = Customer.objects.select_related("team").prefetch_related(contracts).in_bulk(wanted)
        items = _customer_items([rows[pk] for pk in wanted if pk in rows], query)
    return {
        "terms": query.all_terms,
        "counts": {"cases": cases.count, "customers": customers.count},
        "exact": {"cases": cases.exact, "customers": customers.exact},
        "count_cap": search.COUNT_CAP,
        "items": items,
        "page": page,
        "has_previous": page > 1,
        "has_next": len(shown) > search.PER_PAGE and page < search.MAX_PAGE,
    }


def _case_items(hits: list[Any], query: Query, *, fallback: bool) -> list[dict[str, Any]]:
    terms = query.all_terms
    cases_by_pk, messages = _cases_and_messages(hits, query, fallback=fallback)
    cases = [cases_by_pk[hit.pk] for hit in hits if hit.pk in cases_by_pk]
    return [
        {
            "case": case,
            "stage_label": workflow.stage_label(case.kind, case.stage),
            "title": snippet(case.title, terms, width=200),
            "customer": snippet(str(case.customer), terms, width=200),
            "message": snippet(messages[case.pk][0], terms) if case.pk in messages else None,
            "message_at": messages[case.pk][1] if case.pk in messages else None,
        }
        for case in cases
    ]


def _cases_and_messages(
    hits: list[Any], query: Query, *, fallback: bool
) -> tuple[dict[int, Any], dict[int, tuple[str, Any]]]:
    """The page's cases and, for each, its newest message holding a term: read with the
    messages' own query (the cases joined), the cases without one in a second."""
    related = ("customer", "assignee")
    if fallback:
        by_pk = Case.objects.select_related(*related).in_bulk([hit.pk for hit in hits])
        found = search.snippets_for(list(by_pk), query)
        return by_pk, {pk: (snip.text, snip.at) for pk, snip in found.items()}
    newest = {max(hit.messages)[1]: hit.pk for hit in hits if hit.messages}
    rows = Interaction.objects.filter(pk__in=list(newest)).select_related(
        *(f"case__{name}" for name in related), "case"
    )
    cases: dict[int, Any] = {}
    messages: dict[int, tuple[str, Any]] = {}
    for interaction in rows:
        cases[interaction.case_id] = interaction.case
        messages[interaction.case_id] = (interaction.text, interaction.occurred_at)
    rest = [hit.pk for hit in hits if hit.pk not in cases]
    if rest:
        cases.update(Case.objects.select_related(*related).in_bulk(rest))
    return cases, messages


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
