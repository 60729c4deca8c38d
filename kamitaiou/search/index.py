"""Keeping the index in step with the cases app (decision 0016).

The hooks call these inside the action's transaction; ``rebuild`` (``kamitaiou reindex``)
makes the whole index again from the database, in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction

from kamitaiou.cases.models import Case, Contract, Customer, Interaction
from kamitaiou.search import backends
from kamitaiou.search.models import SearchDocument, Source
from kamitaiou.search.text import fold

BATCH = 2000


def customer_text(customer: Any, products: Iterable[str] = ()) -> str:
    """What a customer is found by: name, reading, company, e-mail, phone, contracts."""
    parts = [customer.name, customer.name_kana, customer.company, customer.email, customer.phone]
    return "\n".join(part for part in [*parts, *products] if part)


def _save(docs: list[tuple[Any, str]], *, model: Any = SearchDocument) -> None:
    for doc, folded in docs:
        doc.folded = folded if backends.keeps_folded(doc.source) else ""
    saved = model.objects.bulk_create([doc for doc, _folded in docs])
    backends.add_tokens((doc.pk, folded) for doc, (_d, folded) in zip(saved, docs, strict=True))


def _title_doc(case: Any, model: Any = SearchDocument) -> tuple[Any, str]:
    doc = model(source=Source.TITLE, case_id=case.pk, at=case.opened_at)
    return doc, fold(case.title)


def _interaction_doc(interaction: Any, model: Any = SearchDocument) -> tuple[Any, str]:
    doc = model(
        source=Source.INTERACTION,
        case_id=interaction.case_id,
        interaction_id=interaction.pk,
        at=interaction.occurred_at,
    )
    return doc, fold(interaction.text)


def _customer_doc(
    customer: Any, products: Iterable[str], model: Any = SearchDocument
) -> tuple[Any, str]:
    doc = model(
        pk=backends.customer_document_id(customer.pk),
        source=Source.CUSTOMER,
        customer_id=customer.pk,
        at=customer.created_at,
    )
    return doc, fold(customer_text(customer, products))


def index_interaction(interaction: Interaction) -> None:
    """Index a new interaction (interactions never change)."""
    _save([_interaction_doc(interaction)])


def index_case(case: Case) -> None:
    """Index a new case's title, and its customer again (a contract may be new)."""
    if not SearchDocument.objects.filter(source=Source.TITLE, case_id=case.pk).exists():
        _save([_title_doc(case)])
    index_customer(case.customer)


def index_customer(customer: Customer) -> None:
    """(Re-)index a customer: the old document and its tokens go, a new one comes."""
    old = list(
        SearchDocument.objects.filter(source=Source.CUSTOMER, customer_id=customer.pk).values_list(
            "pk", "folded"
        )
    )
    backends.remove_tokens(old)
    SearchDocument.objects.filter(pk__in=[pk for pk, _folded in old]).delete()
    products = Contract.objects.filter(customer_id=customer.pk).values_list("product", flat=True)
    _save([_customer_doc(customer, products)])


def reindex_cases(case_ids: Iterable[int]) -> None:
    """Index these cases' titles and interactions again from their rows as they are now —
    after an erasure (``CustomerErased``) the erased words must not be found any more."""
    ids = list(case_ids)
    old = list(
        SearchDocument.objects.filter(case_id__in=ids)
        .exclude(source=Source.CUSTOMER)
        .values_list("pk", "folded")
    )
    backends.remove_tokens(old)
    SearchDocument.objects.filter(pk__in=[pk for pk, _folded in old]).delete()
    docs = [_title_doc(case) for case in Case.objects.filter(pk__in=ids)]
    docs += [_interaction_doc(i) for i in Interaction.objects.filter(case_id__in=ids).iterator()]
    if docs:
        _save(docs)


def _batches(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def counts() -> dict[str, int]:
    """How many documents a rebuild makes, by source."""
    return {
        Source.TITLE: Case.objects.count(),
        Source.INTERACTION: Interaction.objects.count(),
        Source.CUSTOMER: Customer.objects.count(),
    }


def rebuild(*, progress: Callable[[int], None] | None = None, apps: Any = None) -> int:
    """Make the whole index again from the database; returns the documents indexed.

    Idempotent: the old index is emptied first, in the same transaction, so readers see
    the old index or the new one, never half of either (on SQLite the writer holds the
    database for the duration). ``progress(n)`` is told after each batch of ``n``.
    ``apps`` is a migration's app registry (the models as of that migration)."""
    get = apps.get_model if apps is not None else _current_model
    doc_model = get("search", "SearchDocument")
    total = 0
    with transaction.atomic():
        backends.clear()
        doc_model.objects.all().delete()
        cases = get("cases", "Case").objects.only("pk", "title", "opened_at").order_by("pk")
        interactions = (
            get("cases", "Interaction")
            .objects.only("pk", "case_id", "text", "occurred_at")
            .order_by("pk")
        )
        products: dict[int, list[str]] = {}
        contracts = get("cases", "Contract").objects.values_list("customer_id", "product")
        for customer_id, product in contracts:
            products.setdefault(customer_id, []).append(product)
        customers = get("cases", "Customer").objects.order_by("pk")
        sources: list[tuple[Any, Callable[[Any], tuple[Any, str]]]] = [
            (cases, lambda c: _title_doc(c, doc_model)),
            (interactions, lambda i: _interaction_doc(i, doc_model)),
            (customers, lambda c: _customer_doc(c, products.get(c.pk, []), doc_model)),
        ]
        for queryset, make in sources:
            for batch in _batches(queryset.iterator(chunk_size=BATCH)):
                _save([make(row) for row in batch], model=doc_model)
                total += len(batch)
                if progress is not None:
                    progress(len(batch))
    return total


def _current_model(app_label: str, name: str) -> Any:
    from django.apps import apps  # noqa: PLC0415

    return apps.get_model(app_label, name)
