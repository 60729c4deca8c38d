"""Keyset pages of the inbox: ``?after=<cursor>`` / ``?before=<cursor>`` instead of OFFSET.

A cursor is the sort key of a row — ``rank-due-opened-id`` (rank, then the due and opened
times as microseconds since 1970 UTC, then the id), ASCII digits and hyphens only. The
next page is the rows whose key is greater, one row-value comparison that seeks the inbox
index, so page 500 costs what page 1 costs. A cursor is not a secret: a forged one only
moves the window over the cases the person may see anyway; a malformed one is refused
with a notice and page 1 is shown.

``?page=N`` (OFFSET) still works for old links; the pager never writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleLessThan,
    TupleLookupMixin,
)
from django.http import QueryDict
from django.utils.translation import gettext as _

from kamitaiou.cases.models import Case
from kamitaiou.cases.models.core import FAR_FUTURE, RANK_CEILING
from kamitaiou.inbox.query import ORDER
from kamitaiou.params import MAX_ID, parse_int

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_MICROS = int((FAR_FUTURE - EPOCH) / timedelta(microseconds=1))
#: counts stop here: "999+" costs what 999 costs, however many cases match
COUNT_CAP = 999


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def encode(case: Case) -> str:
    """The cursor of ``case``'s place in the inbox order."""
    return "-".join(
        str(part)
        for part in (case.inbox_rank, _micros(case.inbox_due), _micros(case.opened_at), case.pk)
    )


def decode(raw: str) -> tuple[int, datetime, datetime, int] | None:
    """The sort key in cursor ``raw``, or ``None`` when it is not a well-formed cursor."""
    parts = raw.split("-") if len(raw) <= 80 else []
    if len(parts) != 4:
        return None
    rank = parse_int(parts[0], low=0, high=RANK_CEILING)
    due = parse_int(parts[1], low=0, high=_MAX_MICROS)
    opened = parse_int(parts[2], low=0, high=_MAX_MICROS)
    pk = parse_int(parts[3], low=1, high=MAX_ID)
    if rank is None or due is None or opened is None or pk is None:
        return None
    moment = EPOCH + timedelta(microseconds=due), EPOCH + timedelta(microseconds=opened)
    return rank, moment[0], moment[1], pk


@dataclass
class InboxPage:
    rows: list[Case]
    next_cursor: str = ""
    previous_cursor: str = ""
    #: for ``?page=N`` (old links) only
    number: int | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


class _RowValue:
    """Always the row-value comparison ``(a, b, c, d) > (…)``. Django 5.2 writes it as
    nested ORs on SQLite (``supports_tuple_lookups`` is off there), which SQLite cannot
    seek an index with; SQLite ≥ 3.15 does compare row values, and seeks with them."""

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return super(TupleLookupMixin, self).as_sql(compiler, connection)  # type: ignore[misc]


class RowAfter(_RowValue, TupleGreaterThan):
    pass


class RowBefore(_RowValue, TupleLessThan):
    pass


def _key() -> Tuple:
    return Tuple(*(F(name) for name in ORDER))


def fetch(qs: QuerySet[Case], params: QueryDict, *, size: int, notices: list[str]) -> InboxPage:
    """The page of ``qs`` (already in the inbox order) that ``params`` asks for."""
    for direction in ("after", "before"):
        raw = params.get(direction, "")
        if not raw:
            continue
        key = decode(raw)
        if key is None:
            notices.append(
                _("The page link 「%(value)s」 is not valid; the first page is shown.")
                % {"value": raw[:40]}
            )
            break
        if direction == "after":
            return _after(qs, key, size=size)
        return _before(qs, key, size=size)
    page_param = parse_int(params.get("page", ""), low=1, high=10**9)
    if page_param and page_param > 1:
        return _offset(qs, page_param, size=size)
    return _after(qs, None, size=size)


def _after(qs: QuerySet[Case], key: Any, *, size: int) -> InboxPage:
    if key is not None:
        qs = qs.filter(RowAfter(_key(), key))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return InboxPage(
        rows=rows,
        next_cursor=encode(rows[-1]) if more else "",
        previous_cursor=encode(rows[0]) if key is not None and rows else "",
    )


def _before(qs: QuerySet[Case], key: Any, *, size: int) -> InboxPage:
    backwards = qs.filter(RowBefore(_key(), key)).reverse()
    rows = list(backwards[: size + 1])
    more = len(rows) > size
    rows = rows[:size][::-1]
    if not rows:
        return _after(qs, None, size=size)
    return InboxPage(
        rows=rows,
        next_cursor=encode(rows[-1]),
        previous_cursor=encode(rows[0]) if more else "",
    )


def _offset(qs: QuerySet[Case], number: int, *, size: int) -> InboxPage:
    page = Paginator(qs, size).get_page(number)
    rows = list(page.object_list)
    return InboxPage(
        rows=rows,
        next_cursor=encode(rows[-1]) if rows and page.has_next() else "",
        previous_cursor=encode(rows[0]) if rows and page.has_previous() else "",
        number=page.number,
    )


def capped_count(qs: QuerySet[Any]) -> tuple[int, bool]:
    """How many rows ``qs`` has, counting no further than ``COUNT_CAP`` + 1: the count
    and whether it was cut (shown as "999+")."""
    count = qs.order_by()[: COUNT_CAP + 1].count()
    return min(count, COUNT_CAP), count > COUNT_CAP
