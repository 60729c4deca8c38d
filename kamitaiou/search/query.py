"""Searching the index, scoped by access (decision 0016).

Every query starts from ``access.visible_cases`` / ``access.visible_customers``: the
index only narrows what the person may already see. A case matches when every term is
found in its title, one of its interactions or its customer; a customer when every term
is found in what it is found by (``index.customer_text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber

from kamitaiou.cases import access
from kamitaiou.cases.models import Case, Customer
from kamitaiou.search import backends
from kamitaiou.search.models import SearchDocument, Source
from kamitaiou.search.text import Query

#: Results per page, and the last page offered (offsets stay bounded).
PER_PAGE = 20
MAX_PAGE = 50
#: Counting stops here ("1,000件以上").
COUNT_CAP = PER_PAGE * MAX_PAGE


class Order:
    NEWEST = "newest"
    RELEVANCE = "relevance"
    ALL = (NEWEST, RELEVANCE)


def _docs(term: str, *, source: str | None = None, column: str) -> RawSQL:
    """``column`` of the documents (optionally of one ``source``) containing ``term``."""
    part = backends.Part.CUSTOMERS if source == Source.CUSTOMER else backends.Part.CASES
    match, params = backends.match_sql(term, part)
    where = "d.source = %s AND " if source else ""
    return RawSQL(  # noqa: S611 — fixed SQL, the terms are bound parameters
        f"SELECT d.{column} FROM search_searchdocument d WHERE {where}d.id IN ({match})",  # noqa: S608 — fixed names
        [*([source] if source else []), *params],
    )


def case_term(term: str) -> Q:
    """Cases holding ``term`` in their title, a message or their customer."""
    return _case_term(term)


def customer_term(term: str) -> Q:
    """Customers holding ``term``."""
    return Q(pk__in=_docs(term, source=Source.CUSTOMER, column="customer_id"))


def _case_term(term: str) -> Q:
    return case_document_term(term) | case_customer_term(term)


def case_document_term(term: str) -> Q:
    """Cases with a document of their own (title, message) holding ``term``."""
    return Q(pk__in=_docs(term, column="case_id"))


def case_customer_term(term: str) -> Q:
    """Cases whose customer holds ``term``."""
    return Q(customer_id__in=_docs(term, source=Source.CUSTOMER, column="customer_id"))


def matching_cases(who: Any, query: Query) -> QuerySet[Case]:
    """The cases ``who`` may see that match every term of ``query``."""
    qs = access.visible_cases(who)
    for term in query.all_terms:
        qs = qs.filter(_case_term(term))
    return qs


def matching_customers(who: Any, query: Query) -> QuerySet[Customer]:
    """The customers ``who`` may see that match every term of ``query``."""
    qs = access.visible_customers(who)
    for term in query.all_terms:
        qs = qs.filter(pk__in=_docs(term, source=Source.CUSTOMER, column="customer_id"))
    return qs


def _any_term_docs(query: Query) -> RawSQL:
    parts, params = [], []
    for term in query.all_terms:
        match, term_params = backends.match_sql(term)
        parts.append(match)
        params.extend(term_params)
    return RawSQL(" UNION ".join(parts), params)  # noqa: S611 — fixed SQL, the terms are bound parameters


def ordered_cases(qs: QuerySet[Case], query: Query, *, order: str) -> QuerySet[Case]:
    """``qs`` newest activity first, or by relevance: a hit in the title first, then the
    number of interactions that contain a term, then newest."""
    if order == Order.RELEVANCE:
        hits_sql, params = _relevance_sql(query)
        qs = qs.annotate(
            title_hit=RawSQL(hits_sql, [Source.TITLE, *params]),  # noqa: S611 — fixed SQL, the terms are bound parameters
            message_hits=RawSQL(hits_sql, [Source.INTERACTION, *params]),  # noqa: S611 — fixed SQL, the terms are bound parameters
        ).order_by("-title_hit", "-message_hits", "-last_activity_at", "-pk")
        return qs
    return qs.order_by("-last_activity_at", "-pk")


def _relevance_sql(query: Query) -> tuple[str, list[object]]:
    any_docs = _any_term_docs(query)
    sql, params = any_docs.sql, list(any_docs.params)
    counted = (
        "SELECT COUNT(*) FROM search_searchdocument d WHERE d.case_id = cases_case.id "  # noqa: S608 — fixed names
        "AND d.source = %s AND d.id IN (" + sql + ")"
    )
    return counted, params


@dataclass(frozen=True)
class CaseSnippet:
    """The newest interaction of a case that contains a term of the query."""

    case_id: int
    text: str
    at: Any


def snippets_for(case_ids: list[int], query: Query) -> dict[int, CaseSnippet]:
    """For each of ``case_ids`` (already scoped), its newest matching interaction; one query."""
    if not case_ids:
        return {}
    rows = (
        SearchDocument.objects.filter(
            source=Source.INTERACTION, case_id__in=case_ids, pk__in=_any_term_docs(query)
        )
        .annotate(rank=Window(RowNumber(), partition_by=[F("case_id")], order_by=[F("at").desc()]))
        .filter(rank=1)
        .values_list("case_id", "interaction__text", "at")
    )
    return {case_id: CaseSnippet(case_id, text, at) for case_id, text, at in rows}


def capped_count(qs: QuerySet[Any]) -> int:
    """How many rows ``qs`` has, counting no further than ``COUNT_CAP + 1``."""
    return qs.order_by()[: COUNT_CAP + 1].count()
