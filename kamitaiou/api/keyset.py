"""Keyset pages of customers and contracts: newest first, by (created_at, id).

The cursor is the last row's key, opaque to the client (URL-safe base64 of
``<ISO time>|<id>``); a page costs one query however deep it is."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from kamitaiou.api.errors import ApiError
from kamitaiou.params import parse_id


def encode(row: Any) -> str:
    raw = f"{row.created_at.isoformat()}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, _sep, pk = raw.partition("|")
        moment = datetime.fromisoformat(when)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ApiError("bad_cursor") from None
    number = parse_id(pk)
    if number is None or moment.tzinfo is None:
        raise ApiError("bad_cursor")
    return moment, number


def page(qs: QuerySet[Any], *, cursor: str, limit: int) -> tuple[list[Any], str | None]:
    """Up to ``limit`` rows of ``qs`` after ``cursor`` (newest first), and the next cursor."""
    if cursor:
        moment, pk = _decode(cursor)
        qs = qs.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
    rows = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode(rows[-1]) if more and rows else None
