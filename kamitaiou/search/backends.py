"""Where the tokens live, per database (decision 0016).

SQLite: an FTS5 table ``search_fts(uni, bi)`` without content, its rowid the document's id.
``bi`` holds the bigrams in text order, so a term of n ≥ 2 characters is the FTS5 phrase
of its n − 1 bigrams — an exact substring of the folded text, nothing to check after;
``uni`` the distinct characters, for one-character terms.

PostgreSQL: a ``tsv`` column (bigrams and characters as lexemes, no positions) with a GIN
index finds the candidates; ``strpos`` on the stored folded text keeps the exact ones.

Tokens are hexadecimal (``text.bigrams``), so neither tokeniser splits or changes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

from kamitaiou.search.text import bigrams, term_tokens, unigrams


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def keeps_folded(source: str) -> bool:
    """Whether a document's folded text is stored in ``SearchDocument.folded``."""
    return is_postgres() or source == "customer"


CREATE_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "uni, bi, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0')"
)
CREATE_POSTGRES = [
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS tsv tsvector",
    "CREATE INDEX IF NOT EXISTS search_doc_tsv ON search_searchdocument USING gin (tsv)",
]


def create_structures(schema_editor: object, vendor: str) -> None:
    """Create the token structures of ``vendor`` (called by the migration)."""
    execute = schema_editor.execute  # type: ignore[attr-defined]
    if vendor == "sqlite":
        execute(CREATE_SQLITE)
    elif vendor == "postgresql":
        for statement in CREATE_POSTGRES:
            execute(statement)


def drop_structures(schema_editor: object, vendor: str) -> None:
    execute = schema_editor.execute  # type: ignore[attr-defined]
    if vendor == "sqlite":
        execute("DROP TABLE IF EXISTS search_fts")


def _sqlite_row(doc_id: int, folded: str) -> tuple[int, str, str]:
    return doc_id, " ".join(unigrams(folded)), " ".join(bigrams(folded))


def add_tokens(rows: Iterable[tuple[int, str]]) -> None:
    """Index ``(document id, folded text)`` rows (the documents are already saved)."""
    with connection.cursor() as cursor:
        if is_postgres():
            # One statement per batch: a row-by-row UPDATE ran at ~700 documents/s.
            rows = list(rows)
            cursor.execute(
                "UPDATE search_searchdocument d "
                "SET tsv = array_to_tsvector(string_to_array(v.tokens, ' ')) "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, tokens) WHERE d.id = v.id",
                [
                    [pk for pk, _folded in rows],
                    [
                        " ".join(unigrams(folded) + sorted(set(bigrams(folded))))
                        for _pk, folded in rows
                    ],
                ],
            )
        else:
            cursor.executemany(
                "INSERT INTO search_fts(rowid, uni, bi) VALUES (%s, %s, %s)",
                [_sqlite_row(pk, folded) for pk, folded in rows],
            )


def remove_tokens(rows: Sequence[tuple[int, str]]) -> None:
    """Take ``(document id, folded text as indexed)`` out of the index, before the
    documents themselves are deleted (on PostgreSQL the tokens go with the row)."""
    if is_postgres() or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_fts(search_fts, rowid, uni, bi) VALUES ('delete', %s, %s, %s)",
            [_sqlite_row(pk, folded) for pk, folded in rows],
        )


def clear() -> None:
    """Empty the token structures (``reindex`` then deletes the documents)."""
    if is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")


#: A customer's document has the customer's id, negated (``index``), so a lookup keeps
#: to the customers' documents or to the cases' by a range of ids, which FTS5 seeks to;
#: negative ids do not move SQLite's or PostgreSQL's next id.
def customer_document_id(customer_id: int) -> int:
    return -customer_id


class Part:
    CASES = "cases"
    CUSTOMERS = "customers"


def _part_sql(part: str | None, column: str) -> tuple[str, list[object]]:
    if part == Part.CUSTOMERS:
        return f" AND {column} < 0", []
    if part == Part.CASES:
        return f" AND {column} > 0", []
    return "", []


def match_sql(term: str, part: str | None = None) -> tuple[str, list[object]]:
    """SQL selecting the ids of the documents whose folded text contains ``term``
    (only the cases' documents or the customers', if ``part`` says so)."""
    column, tokens = term_tokens(term)
    if is_postgres():
        tsquery = " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))
        where, params = _part_sql(part, "id")
        sql = (
            "SELECT id FROM search_searchdocument "
            "WHERE tsv @@ %s::tsquery AND strpos(folded, %s) > 0"
        )
        return sql + where, [tsquery, term, *params]
    where, params = _part_sql(part, "rowid")
    phrase = " ".join(tokens)
    return (
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s" + where,  # noqa: S608 — fixed SQL
        [f'{column} : "{phrase}"', *params],
    )


def index_size() -> int | None:
    """Bytes taken by the index (documents and tokens), where the database tells."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute("SELECT pg_total_relation_size('search_searchdocument')")
            return int(cursor.fetchone()[0])
        try:
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s", ["search%"])
        except Exception:
            return None
        value = cursor.fetchone()[0]
        return int(value) if value is not None else None


# --- bounded lookups (decision 0016, "Bounded pages") -----------------------------

#: Two documents closer than this (ids) are looked up in one range.
RANGE_GAP = 2000


def ids_upto_terms(terms: Sequence[str], limit: int, part: str) -> dict[str, set[int]]:
    """For each of ``terms``, the ids of ``part``'s documents containing it, read no
    further than ``limit + 1``; one query for all the terms."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return {}
    arms, params = [], []
    for n, term in enumerate(terms):
        match, part_params = match_sql(term, part)
        arms.append(f"SELECT %s, m.* FROM ({match} LIMIT %s) AS m")  # noqa: S608 — fixed SQL
        params.extend([n, *part_params, limit + 1])
    found: dict[str, set[int]] = {term: set() for term in terms}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        for n, pk in cursor.fetchall():
            found[terms[n]].add(pk)
    return found


def ranges(ids: Sequence[int], gap: int = RANGE_GAP) -> list[tuple[int, int]]:
    """Sorted ``ids`` cut into ``(low, high)`` runs whose neighbours are at most ``gap``
    apart."""
    runs: list[tuple[int, int]] = []
    for pk in sorted(ids):
        if runs and pk - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return runs


def hits_among(term: str, ids: Sequence[int]) -> set[int]:
    """Which of the documents ``ids`` contain ``term``.

    SQLite: FTS5 reads a term's matches within a rowid range cheaply (it seeks), but each
    probe of one rowid costs a whole query (~45 µs), so the ids are read as a few ranges
    and intersected here. PostgreSQL: the rows themselves are checked."""
    if not ids:
        return set()
    wanted = set(ids)
    column, tokens = term_tokens(term)
    found: set[int] = set()
    with connection.cursor() as cursor:
        if is_postgres():
            tsquery = " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))
            # The rows by their ids first (``OFFSET 0`` keeps the test out of the
            # subquery): left to itself the planner may read the whole GIN posting list of
            # a common term instead (seen: 278 ms). A MATERIALIZED CTE did the same but
            # copied the rows first (~10 ms for 1,400 rows, against ~1.4 ms).
            cursor.execute(
                "SELECT id FROM (SELECT id, tsv, folded FROM search_searchdocument "
                "WHERE id = ANY(%s) OFFSET 0) AS d "
                "WHERE tsv @@ %s::tsquery AND strpos(folded, %s) > 0",
                [list(wanted), tsquery, term],
            )
            return {row[0] for row in cursor.fetchall()}
        runs = ranges(list(wanted))
        phrase = f'{column} : "{" ".join(tokens)}"'
        # one statement, one range per arm (FTS5 takes one rowid range per scan)
        for start in range(0, len(runs), 200):
            part = runs[start : start + 200]
            sql = " UNION ALL ".join(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "AND rowid >= %s AND rowid <= %s"
                for _run in part
            )
            cursor.execute(sql, [value for low, high in part for value in (phrase, low, high)])
            found.update(row[0] for row in cursor.fetchall())
    return found & wanted


def _tsquery(term: str) -> str:
    """The GIN candidates' tsquery of ``term``: all its tokens (hexadecimal, so nothing
    in it is tsquery syntax)."""
    _column, tokens = term_tokens(term)
    return " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))


def hits_among_terms(terms: Sequence[str], ids: Sequence[int]) -> dict[str, set[int]]:
    """For each of ``terms``, which of the documents ``ids`` contain it.

    SQLite: ``hits_among`` per term (FTS5 range reads, ~1 ms each). PostgreSQL: one
    query whatever the number of terms — the chunk's rows are read once by id and each
    term is tested on them (a query per term read the same rows again per term)."""
    terms = list(dict.fromkeys(terms))
    if not terms or not ids:
        return {term: set() for term in terms}
    if not is_postgres() or len(terms) == 1:
        return {term: hits_among(term, ids) for term in terms}
    tests = ", ".join("(tsv @@ %s::tsquery AND strpos(folded, %s) > 0)" for _term in terms)
    params: list[object] = []
    for term in terms:
        params.extend([_tsquery(term), term])
    params.append(list(set(ids)))
    params.append(" | ".join(f"({_tsquery(term)})" for term in terms))
    with connection.cursor() as cursor:
        # the rows by their ids first (as in hits_among), only those holding some term's
        # tokens returned
        cursor.execute(
            "SELECT id, " + tests + " FROM (SELECT id, tsv, folded FROM search_searchdocument "  # noqa: S608 — fixed SQL
            "WHERE id = ANY(%s) OFFSET 0) AS d WHERE tsv @@ %s::tsquery",
            params,
        )
        rows = cursor.fetchall()
    return {term: {row[0] for row in rows if row[n + 1]} for n, term in enumerate(terms)}
