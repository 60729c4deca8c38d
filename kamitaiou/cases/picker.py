"""The customer picker of the new-case page: a bounded, searchable list in which two
customers of the same name can be told apart (company, phone or e-mail, last case)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.cases import search
from kamitaiou.cases.access import visible_customers
from kamitaiou.cases.models import Case, Customer
from kamitaiou.params import parse_id

LIMIT = 50


def _with_last_case(qs: QuerySet[Customer]) -> QuerySet[Customer]:
    last = Case.objects.filter(customer=OuterRef("pk")).order_by("-opened_at", "-pk")
    return qs.annotate(
        last_case_id=Subquery(last.values("pk")[:1]),
        last_case_title=Subquery(last.values("title")[:1]),
        last_case_opened=Subquery(last.values("opened_at")[:1]),
    )


def customer_choices(who: Any, *, query: str, selected: Any = None) -> list[Customer]:
    """Up to ``LIMIT`` customers ``who`` may see matching ``query`` (every word, readings
    folded), newest first; the ``selected`` one is kept even when it does not match."""
    qs = _with_last_case(search.filter_customers(visible_customers(who), query))
    choices = list(qs.order_by("-created_at", "-pk")[:LIMIT])
    pk = parse_id(selected)
    if pk is not None and all(c.pk != pk for c in choices):
        choices[:0] = list(_with_last_case(visible_customers(who).filter(pk=pk)))
    return choices


def picker_label(customer: Customer) -> str:
    """What the picker shows for ``customer``: enough to tell namesakes apart."""
    parts = [customer.name]
    if customer.name_kana:
        parts[0] += f"（{customer.name_kana}）"
    contact = customer.phone or customer.email
    details = [d for d in (customer.company, contact) if d]
    last_id = getattr(customer, "last_case_id", None)
    if last_id:
        opened = getattr(customer, "last_case_opened", None)
        when = f" {timezone.localtime(opened):%Y-%m-%d}" if opened else ""
        title = (getattr(customer, "last_case_title", "") or "")[:30]
        details.append(
            _("last case #%(id)s %(title)s%(when)s") % {"id": last_id, "title": title, "when": when}
        )
    else:
        details.append(_("no case yet"))
    return " — ".join([parts[0], " / ".join(details)])
