"""The inbox's (and the API's) search words, narrowed through the index (decision 0016).

The inbox keeps its own order (urgency) and its keyset pages, so it cannot use the search
page's newest-first walk; it needs a condition on the case rows. What that condition should
be depends on how many documents hold the word:

- **Few** (at most ``SELECTIVE``, read whole in one bounded query for all the words): the
  cases of those documents, an ``IN`` of at most a few thousand ids.
- **More, but not most** (estimated from how densely the first ``SELECTIVE`` matches lie:
  FTS5 returns a word's documents in id order): ``IN`` the documents that hold it, read by the
  index — its cost grows with the matches, ~0.35 µs each on SQLite.
- **So many that it hardly narrows** (more than ``BROAD`` documents: a word in a tenth of
  all messages, such as 確認 or お願い): reading them all would cost more than checking the
  cases the page walks through, so each case's own documents are checked instead — on
  PostgreSQL by their folded text (exactly what the index matches), on SQLite, which keeps
  no folded text for messages, by ``LIKE`` on the stored text, as typed and as folded (a
  variant spelling is then missed only for a word that is everywhere anyway).

The customers' part of the index (one document per customer) is looked up the same way:
a word held by few customers becomes the list of their ids.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from kamitaiou.cases.models import Case, Interaction
from kamitaiou.search import backends, pages
from kamitaiou.search.query import case_customer_term, case_document_term
from kamitaiou.search.text import MAX_QUERY, MAX_TERMS, QueryError, fold, parse_query

#: A word found in at most this many documents is listed by its documents' ids (the search
#: page's bound, ``pages.SELECTIVE``).
SELECTIVE = pages.SELECTIVE
#: Above this many (estimated) documents a word is checked case by case instead.
BROAD = 50_000


def words_of(raw: str) -> dict[str, str]:
    """The folded terms of ``raw`` (words and "quoted phrases"), each with the form the
    person typed (NFKC), for the ``LIKE`` of a broad word. A query the parser refuses (too
    long, too many words) is cut to its first words: the callers bound them already."""
    typed = {
        fold(w): unicodedata.normalize("NFKC", w) for w in raw[:MAX_QUERY].replace('"', " ").split()
    }
    try:
        terms = parse_query(raw).all_terms
    except QueryError as error:
        if error.code == "empty":
            return {}
        words = raw[:MAX_QUERY].replace('"', " ").split()
        terms = tuple(dict.fromkeys(t for t in (fold(w) for w in words) if t))
    return {term: typed.get(term, term) for term in terms[:MAX_TERMS]}


def filter_cases(qs: QuerySet[Case], raw: str) -> QuerySet[Case]:
    """``qs`` (cases already scoped by access) narrowed to the cases matching every word and
    "quoted phrase" of ``raw`` in their title, a message or their customer. Nothing to
    search leaves ``qs`` as it is."""
    words = words_of(raw)
    if not words:
        return qs
    found = _lookup(list(words))
    for term, typed in words.items():
        documents, cases = found.documents[term], found.cases[term]
        if len(documents) <= SELECTIVE:
            # the few cases by id: SQLite then reads them by their keys instead of testing
            # every case of the inbox against a list
            own = Q(pk__in=sorted(cases))
        elif estimated(documents, found.top) <= BROAD:
            own = case_document_term(term)
        else:
            own = _case_by_case(term, typed)
        customers = found.customers[term]
        if len(customers) <= SELECTIVE:
            qs = qs.filter(own | Q(customer_id__in=sorted(customers)))
        else:
            qs = qs.filter(own | case_customer_term(term))
    return qs


@dataclass
class _Found:
    """Per term: up to ``SELECTIVE + 1`` of the cases' documents holding it and their
    cases, up to as many customers; and the last document id."""

    documents: dict[str, set[int]]
    cases: dict[str, set[int]]
    customers: dict[str, set[int]]
    top: int = 0


def _lookup(terms: list[str]) -> _Found:
    """Everything :func:`filter_cases` needs to know about ``terms``, in one query."""
    column = "id" if backends.is_postgres() else "rowid"
    arms, params = [], []
    for n, term in enumerate(terms):
        match, part_params = backends.match_sql(term, backends.Part.CASES)
        arms.append(
            f"SELECT %s, m.{column}, d.case_id FROM ({match} LIMIT %s) AS m "  # noqa: S608 — fixed SQL, bound terms
            f"JOIN search_searchdocument d ON d.id = m.{column}"
        )
        params.extend([n, *part_params, SELECTIVE + 1])
        match, part_params = backends.match_sql(term, backends.Part.CUSTOMERS)
        arms.append(f"SELECT %s, m.{column}, NULL FROM ({match} LIMIT %s) AS m")  # noqa: S608 — fixed SQL, bound terms
        params.extend([n, *part_params, SELECTIVE + 1])
    arms.append("SELECT -1, MAX(id), NULL FROM search_searchdocument")
    found = _Found(
        documents={t: set() for t in terms},
        cases={t: set() for t in terms},
        customers={t: set() for t in terms},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(arms),
            params,
        )
        for n, document, case in cursor.fetchall():
            if n < 0:
                found.top = int(document or 0)
            elif document < 0:
                found.customers[terms[n]].add(-document)
            else:
                found.documents[terms[n]].add(document)
                found.cases[terms[n]].add(case)
    return found


def estimated(first: set[int], top: int) -> float:
    """How many documents hold a word, from its first matches (in id order: where they
    start and how densely they lie) and the last document id."""
    low, high = min(first), max(first)
    return len(first) * (top - low + 1) / (high - low + 1)


def _case_by_case(term: str, typed: str) -> Q:
    """The case holds ``term`` in one of its own documents, checked row by row."""
    if backends.is_postgres():
        # OFFSET 0 keeps the planner on the case's own documents (by their case index)
        # instead of building the word's whole GIN bitmap.
        return Q(
            RawSQL(
                "EXISTS (SELECT 1 FROM (SELECT folded FROM search_searchdocument d "
                'WHERE d.case_id = "cases_case"."id" OFFSET 0) AS own '
                "WHERE strpos(own.folded, %s) > 0)",
                [term],
                output_field=BooleanField(),
            )
        )
    forms = dict.fromkeys((typed, term))
    said = Q()
    for form in forms:
        said |= Q(text__icontains=form)
    in_text = Interaction.objects.filter(said, case=OuterRef("pk"))
    title = Q()
    for form in forms:
        title |= Q(title__icontains=form)
    return title | Exists(in_text)
