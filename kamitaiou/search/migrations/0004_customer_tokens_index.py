"""PostgreSQL: a GIN index of the customers' documents alone (decision 0016, "Several
words on PostgreSQL"). A customers' lookup (``id < 0``) through the whole GIN index built
the bitmap of every matching message first (~25–50 ms for a common term at 1,000,000
messages) and threw it away; the partial index holds only the customers' documents.
Nothing on SQLite (FTS5 seeks to the negative rowid range)."""

from django.db import migrations

NAME = "search_doc_customer_tsv"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON search_searchdocument USING gin (tsv) "
            "WHERE id < 0"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_customer_document_ids")]

    operations = [migrations.RunPython(create, drop)]
