"""The coach is pure: its tests run without pytest-django (``-p no:django``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher() -> None:
    """Shadow the root conftest's Django-settings fixture: nothing here touches Django."""
