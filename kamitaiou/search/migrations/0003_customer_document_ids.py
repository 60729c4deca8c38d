"""Customer documents move to negative ids (``backends.customer_document_id``) (decision 0016,
"Bounded pages"), so a lookup can keep to the customers' documents or to the cases'.
Their tokens are taken out under the old id and put back under the new one (SQLite keeps
the folded text of customer documents for that; on PostgreSQL the tokens are in the row)."""

from django.db import migrations

from kamitaiou.search import backends


def renumber(apps, schema_editor):
    documents = apps.get_model("search", "SearchDocument")
    old = list(
        documents.objects.filter(source="customer", pk__gt=0).values_list(
            "pk", "customer_id", "folded"
        )
    )
    for start in range(0, len(old), 1000):
        batch = old[start : start + 1000]
        backends.remove_tokens([(pk, folded) for pk, _customer, folded in batch])
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchdocument SET id = %s WHERE id = %s",
                [(backends.customer_document_id(customer), pk) for pk, customer, _folded in batch],
            )
        if not backends.is_postgres():
            backends.add_tokens(
                [(backends.customer_document_id(customer), folded) for _pk, customer, folded in batch]
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_case_activity_indexes")]

    operations = [migrations.RunPython(renumber, migrations.RunPython.noop)]
