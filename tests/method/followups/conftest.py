"""Helpers for the follow-up core tests: Tokyo datetimes and a fixed ``now``.

These tests are pure (no database); the root conftest's Django-only autouse fixture is
replaced here by a no-op so the suite also runs with ``-p no:django``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def fast_password_hasher() -> None:
    """Overrides the root fixture, which needs pytest-django's ``settings``."""


def jst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware Asia/Tokyo datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=TOKYO)
