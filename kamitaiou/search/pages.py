"""One page of search results without collecting every match (decision 0016, "Bounded pages").

``query.matching_cases`` says exactly which cases match, but a common term (金, 納期) is
in a tenth of all messages, and collecting those ids before cutting a page of 20 cost
0.5–1.5 s at 1,000,000 messages. Here the page is found by walking:

- **On PostgreSQL, the newest ``PREWALK`` cases first**: common words fill the page
  within them, and then no term is looked up whole (that costs a GIN bitmap of every
  matching document, ~25–50 ms a common term; on SQLite ~1 ms, so it probes first).
- **A selective term** (in at most ``SELECTIVE`` documents) is looked up whole — cheap —
  and only the cases (customers) it finds are walked.
- **The walk** goes through the person's visible cases (customers), newest activity
  first, in growing chunks (``FIRST_CHUNK`` … ``MAX_CHUNK``), and asks the index which of
  each chunk's documents contain each term (``backends.hits_among_terms``: on SQLite a
  few rowid ranges per term, not the whole list of matches; on PostgreSQL one query for
  all the terms). It stops as soon as the page (and one more row) is
  found. Access scoping is the walk's own starting set, so it is applied in the same
  bounded query.
- **The count** is exact when the walk reached the end; otherwise it is estimated from
  the share of walked cases that matched ("約 N 件", "1,000件以上").
- **Relevance** ranks the ``RELEVANCE_POOL`` newest matches (title hit, then the number
  of matching messages, then newest): a bounded candidate set.
- A walk that has seen ``WALK_BUDGET`` rows without filling the page (terms each common
  but rarely together) falls back to the exact query, so nothing is ever missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from kamitaiou.cases import access
from kamitaiou.cases.models import Case
from kamitaiou.search import backends
from kamitaiou.search import query as exact
from kamitaiou.search.models import SearchDocument, Source
from kamitaiou.search.text import Query

SELECTIVE = 2000
#: Cases walked before any term is probed for being selective: common words fill the
#: page within them, and then no term is looked up whole at all. None: by database —
#: 192 on PostgreSQL (a common term's probe costs a GIN bitmap of all its matches,
#: ~25–50 ms), 0 on SQLite (FTS5 probes cost ~1 ms; walking first only added work to
#: selective queries: names, phones).
PREWALK: int | None = None


def _prewalk() -> int:
    if PREWALK is not None:
        return PREWALK
    return 192 if backends.is_postgres() else 0


FIRST_CHUNK = 64
MAX_CHUNK = 1024
WALK_BUDGET = 8000
RELEVANCE_POOL = 200


@dataclass
class Hit:
    """What the index found of the query in one case (or customer)."""

    pk: int
    title: bool = False
    #: interaction documents containing a term: (at, interaction id)
    messages: list[tuple[datetime, int]] = field(default_factory=list)


@dataclass
class Found:
    """A page's worth of matches, newest first, and how many there are in all."""

    hits: list[Hit]
    count: int
    exact: bool
    #: found by the exact query: the hits carry no titles or messages
    fallback: bool = False


class Selective:
    """By part (cases, customers): the terms of a query found in at most ``SELECTIVE``
    of the part's documents, with those documents' ids (read whole: they are few).

    Each part is looked up when first asked for, all its terms in one query: the
    customers' part is cheap (few documents; on PostgreSQL its own GIN index), the cases'
    part costs a GIN bitmap per common term on PostgreSQL (~25–50 ms at 1,000,000
    messages) and is asked there only when the first ``PREWALK`` cases did not fill the
    page."""

    def __init__(self, query: Query) -> None:
        self.terms = query.all_terms
        self._parts: dict[str, dict[str, set[int]]] = {}

    def __getitem__(self, part: str) -> dict[str, set[int]]:
        if part not in self._parts:
            found = backends.ids_upto_terms(self.terms, SELECTIVE, part)
            self._parts[part] = {term: ids for term, ids in found.items() if len(ids) <= SELECTIVE}
        return self._parts[part]


def selective_terms(query: Query) -> Selective:
    """What is selective in ``query`` (looked up lazily, per part: ``Selective``)."""
    return Selective(query)


def _after(qs: QuerySet[Any], last: tuple[Any, ...] | None, fields: tuple[str, ...]) -> Any:
    """Rows of ``qs`` after ``last`` in descending ``fields`` order (keyset)."""
    if last is None:
        return qs
    if len(fields) == 1:
        return qs.filter(**{f"{fields[0]}__lt": last[0]})
    first, second = fields
    return qs.filter(
        Q(**{f"{first}__lt": last[0]}) | Q(**{first: last[0], f"{second}__lt": last[1]})
    )


def _case_documents(rows: list[tuple[Any, ...]]) -> list[tuple[int, str, int, Any, Any]]:
    """(doc id, source, case id, at, interaction id) of the chunk's cases, in one query;
    a customer's document (its id known without asking) counts under each of its cases."""
    docs: list[tuple[int, str, int, Any, Any]] = list(
        SearchDocument.objects.filter(case_id__in=[row[0] for row in rows]).values_list(
            "pk", "source", "case_id", "at", "interaction_id"
        )
    )
    docs.extend(
        (backends.customer_document_id(row[1]), Source.CUSTOMER, row[0], None, None) for row in rows
    )
    return docs


def _customer_documents(rows: list[tuple[int]]) -> list[tuple[int, str, int, Any, Any]]:
    """A customer's document id is known without asking (``backends.customer_document_id``)."""
    return [(backends.customer_document_id(pk), Source.CUSTOMER, pk, None, None) for (pk,) in rows]


def _match_chunk(
    docs: list[tuple[int, str, int, Any, Any]],
    order: list[int],
    terms: Sequence[str],
    known: dict[str, set[int]],
) -> list[Hit]:
    """The units of ``order`` whose documents hold every term, in ``order``; a term in
    ``known`` is not looked up again."""
    ids = [doc[0] for doc in docs]
    looked_up = backends.hits_among_terms([term for term in terms if term not in known], ids)
    per_term = [known[term] if term in known else looked_up[term] for term in terms]
    found: dict[int, list[set[int]]] = {}
    hits: dict[int, Hit] = {}
    for doc_id, source, unit, at, interaction_id in docs:
        terms_here = found.setdefault(unit, [set() for _term in terms])
        matched = False
        for n, ids in enumerate(per_term):
            if doc_id in ids:
                terms_here[n].add(doc_id)
                matched = True
        if not matched:
            continue
        hit = hits.setdefault(unit, Hit(unit))
        if source == Source.TITLE:
            hit.title = True
        elif source == Source.INTERACTION:
            hit.messages.append((at, interaction_id))
    return [
        hits[unit]
        for unit in order
        if unit in hits and all(found[unit][n] for n in range(len(terms)))
    ]


def _walk(
    qs: QuerySet[Any],
    *,
    fields: tuple[str, ...],
    values: tuple[str, ...],
    documents: Any,
    terms: Sequence[str],
    need: int,
    known: dict[str, set[int]],
    listed: list[Any] | None,
    budget: int | None = None,
) -> Found | None:
    """Walk ``qs`` in descending ``fields`` order until ``need`` units match; None when
    the budget ran out first. ``values`` are the row's fields ``documents`` reads.

    ``listed``: the rows, already read and sorted, when a selective term cut them down (a
    database asked for them in order would walk the order's index and test every row
    against the term instead of looking the few rows up). ``known``: the selective terms'
    documents."""
    ordered = qs.order_by(*(f"-{name}" for name in fields))
    hits: list[Hit] = []
    walked = 0
    chunk = FIRST_CHUNK
    last: tuple[Any, ...] | None = None
    while True:
        if listed is not None:
            rows = listed[walked : walked + chunk]
        else:
            rows = list(_after(ordered, last, fields).values_list(*values)[:chunk])
        walked += len(rows)
        if rows:
            hits.extend(_match_chunk(documents(rows), [row[0] for row in rows], terms, known))
        if len(rows) < chunk:
            return Found(hits, len(hits), exact=True)
        if len(hits) >= need:
            total = len(listed) if listed is not None else ordered.count()
            estimate = max(len(hits), round(len(hits) / walked * total))
            return Found(hits, estimate, exact=False)
        if walked >= (WALK_BUDGET if budget is None else budget):
            return None
        if listed is None:  # listed rows are cut by position; they carry no activity time
            tail = rows[-1]
            last = (tail[2], tail[0]) if len(fields) == 2 else (tail[0],)
        chunk = min(chunk * 2, MAX_CHUNK)


#: More candidates than this (cases of many matching customers): walk instead of listing.
MAX_LISTED = 20_000


def _case_candidates(qs: QuerySet[Any], known: dict[str, set[int]]) -> list[Any] | None:
    """(pk, customer id) of the cases of ``qs`` holding every selective term — by their
    own documents or their customer's (customer documents have negative ids) — newest
    activity first; None when there are too many to list."""
    pks: set[int] | None = None
    for ids in known.values():
        own = SearchDocument.objects.filter(pk__in=[pk for pk in ids if pk > 0]).values("case_id")
        customers = [-pk for pk in ids if pk < 0]
        found = set(
            qs.filter(Q(pk__in=own) | Q(customer_id__in=customers))
            .order_by()
            .values_list("pk", flat=True)
        )
        pks = found if pks is None else pks & found
    if pks is None or len(pks) > MAX_LISTED:
        return None
    return list(
        Case.objects.filter(pk__in=list(pks))
        .order_by("-last_activity_at", "-pk")
        .values_list("pk", "customer_id")
    )


def find_cases(who: Any, query: Query, *, need: int, selective: Selective) -> Found:
    """At least ``need`` matching cases ``who`` may see (all when fewer), newest first;
    ``selective`` is what ``selective_terms`` says of ``query``.

    The newest ``_prewalk()`` cases are walked first, every term looked up among their
    documents; only when they do not fill the page are the terms probed for being
    selective, and the walk starts again (from the selective terms' cases, if any)."""
    terms = query.all_terms
    qs = access.listed_cases(who)
    fields = ("last_activity_at", "pk")
    values = ("pk", "customer_id", "last_activity_at")
    prewalk = min(_prewalk(), WALK_BUDGET)
    first = None
    if prewalk > 0:
        first = _walk(
            qs,
            fields=fields,
            values=values,
            documents=_case_documents,
            terms=terms,
            need=need,
            known={},
            listed=None,
            budget=prewalk,
        )
    if first is not None:
        return first
    # a customer's document counts for its cases: both parts' ids are known or neither
    known = {
        term: ids | selective[backends.Part.CUSTOMERS][term]
        for term, ids in selective[backends.Part.CASES].items()
        if term in selective[backends.Part.CUSTOMERS]
    }
    listed = _case_candidates(qs, known) if known else None
    found = _walk(
        qs,
        fields=fields,
        values=values,
        documents=_case_documents,
        terms=terms,
        need=need,
        known=known,
        listed=listed,
    )
    if found is not None:
        return found
    newest = exact.ordered_cases(exact.matching_cases(who, query), query, order=exact.Order.NEWEST)
    return _exact(newest, need)


def find_customers(who: Any, query: Query, *, need: int, selective: Selective) -> Found:
    """At least ``need`` matching customers ``who`` may see (all when fewer), newest first."""
    terms = query.all_terms
    qs = access.listed_customers(who)
    known = selective[backends.Part.CUSTOMERS]
    listed = None
    if known:
        wanted = set.intersection(*({-pk for pk in ids} for ids in known.values()))
        listed = list(qs.filter(pk__in=list(wanted)).order_by("-pk").values_list("pk"))
    found = _walk(
        qs,
        fields=("pk",),
        values=("pk",),
        documents=_customer_documents,
        terms=terms,
        need=need,
        known=known,
        listed=listed,
    )
    if found is not None:
        return found
    return _exact(exact.matching_customers(who, query).order_by("-pk"), need)


def _exact(qs: QuerySet[Any], need: int) -> Found:
    """The slow, exact way (the walk's budget ran out)."""
    pks = list(qs.values_list("pk", flat=True)[:need])
    count = exact.capped_count(qs)
    return Found([Hit(pk) for pk in pks], count, exact=count <= exact.COUNT_CAP, fallback=True)


def rank(hits: list[Hit]) -> list[Hit]:
    """Relevance within the bounded pool: a title hit, then more matching messages, then
    newest (the pool's own order)."""
    position = {hit.pk: n for n, hit in enumerate(hits)}
    return sorted(hits, key=lambda hit: (not hit.title, -len(hit.messages), position[hit.pk]))
