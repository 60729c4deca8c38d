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


def match_sql(term: str) -> tuple[str, list[object]]:
    """SQL selecting the ids of the documents whose folded text contains ``term``."""
    column, tokens = term_tokens(term)
    if is_postgres():
        tsquery = " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))
        return (
            "SELECT id FROM search_searchdocument WHERE tsv @@ %s::tsquery "
            "AND strpos(folded, %s) > 0",
            [tsquery, term],
        )
    return (
        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
        [f'{column} : "{" ".join(tokens)}"'],
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
