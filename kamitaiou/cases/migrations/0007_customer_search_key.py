"""Customers keep a folded search key (NFKC, hiragana → katakana) for the picker and
the inbox search; existing customers get theirs here."""

from typing import Any

from django.db import migrations, models

BATCH = 500


def fill_search_keys(apps: Any, schema_editor: Any) -> None:
    from kamitaiou.cases.search import customer_search_key  # noqa: PLC0415

    Customer = apps.get_model("cases", "Customer")  # noqa: N806
    batch = []
    for customer in Customer.objects.order_by("pk").iterator(chunk_size=BATCH):
        customer.search_key = customer_search_key(
            name=customer.name,
            name_kana=customer.name_kana,
            company=customer.company,
            email=customer.email,
            phone=customer.phone,
        )
        batch.append(customer)
        if len(batch) >= BATCH:
            Customer.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Customer.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_followup_event")]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="search_key",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
    ]
