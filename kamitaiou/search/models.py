"""The search index: one row per searchable document (decision 0016).

Derived data, rebuilt by ``kamitaiou reindex``: a case's title, each interaction (mail
bodies included), each customer (name, reading, company, e-mail, phone, contracts). The
tokens live beside it — an FTS5 table ``search_fts`` on SQLite, a ``tsv`` column with a
GIN index on PostgreSQL — created by the migration for the database in use
(``kamitaiou/search/backends.py``)."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    TITLE = "title", "title"
    INTERACTION = "interaction", "interaction"
    CUSTOMER = "customer", "customer"


class SearchDocument(models.Model):
    source = models.CharField(max_length=16, choices=Source)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, related_name="+", db_constraint=False
    )
    customer = models.ForeignKey(
        "cases.Customer",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    interaction = models.OneToOneField(
        "cases.Interaction",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    #: when it happened (the interaction, the case opened, the customer created)
    at = models.DateTimeField()
    #: the folded text, where the database needs it to check a hit (PostgreSQL) or to take
    #: the old tokens out of the index when the document changes (customers on SQLite)
    folded = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["case", "-at"], name="search_doc_case"),
            models.Index(fields=["customer"], name="search_doc_customer"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.case_id or self.customer_id}"
