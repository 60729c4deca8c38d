"""Browser fixtures live in ``tests/browser_support.py`` (one browser per session)."""

from tests.browser_support import ARTIFACTS, log_in

__all__ = ["ARTIFACTS", "log_in"]
