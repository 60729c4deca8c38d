"""Helpers for the follow-up core tests: Tokyo datetimes and a fixed ``now``.

These tests are pure (no database); they also run with ``-p no:django``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def jst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware Asia/Tokyo datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=TOKYO)
