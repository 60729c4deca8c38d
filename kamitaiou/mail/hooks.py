"""What the mail app adds to the apps below it, without their importing ``mail``."""

from __future__ import annotations

from typing import Any


def connect_all() -> None:
    """Connect the mail app to the demo loader (and, later, the case page)."""
    from kamitaiou.cases.demo_data import demo_loaded  # noqa: PLC0415

    demo_loaded.connect(_make_demo_mailboxes, dispatch_uid="mail.demo_mailboxes")


def _make_demo_mailboxes(sender: Any, *, teams: Any, **kwargs: Any) -> None:
    from kamitaiou.mail.demo import make_demo_mailboxes  # noqa: PLC0415

    make_demo_mailboxes(teams)
