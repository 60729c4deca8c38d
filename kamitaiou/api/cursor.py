"""Opaque keyset cursors: the last row's sort key, base64 JSON. A malformed one is None."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any


def encode_cursor(key: tuple[int, datetime, datetime, int]) -> str:
    urgency, due, opened, pk = key
    raw = json.dumps([urgency, due.isoformat(), opened.isoformat(), pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[Any, ...] | None:
    """The sort key ``text`` carries, or ``None`` when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        urgency, due, opened, pk = json.loads(raw)
        values = (int(urgency), datetime.fromisoformat(due), datetime.fromisoformat(opened))
        if type(urgency) is not int or type(pk) is not int or not 0 < pk < 2**63:
            return None
        if not 0 <= urgency < 2**15 or values[1].tzinfo is None or values[2].tzinfo is None:
            return None
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return (values[0], values[1], values[2], pk)
