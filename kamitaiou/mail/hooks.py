"""What the mail app adds to the apps below it, without their importing ``mail``:
the demo's mailboxes, the worker's IMAP poll, the case page's mail panel and the
erasure of a customer's mail."""

from __future__ import annotations

from typing import Any


def connect_all() -> None:
    """Called once from ``MailConfig.ready()``."""
    from kamitaiou.cases import events  # noqa: PLC0415
    from kamitaiou.cases.demo_data import demo_loaded  # noqa: PLC0415
    from kamitaiou.cases.side_panels import register_panel  # noqa: PLC0415
    from kamitaiou.followups.tasks import register_schedule  # noqa: PLC0415
    from kamitaiou.mail.erasure import on_customer_erased  # noqa: PLC0415
    from kamitaiou.mail.panel import case_panel  # noqa: PLC0415
    from kamitaiou.mail.tasks import ensure_poll  # noqa: PLC0415

    demo_loaded.connect(_make_demo_mailboxes, dispatch_uid="mail.demo_mailboxes")
    register_schedule("IMAP poll", ensure_poll)
    register_panel("mail", order=50, build=case_panel, template="mail/_case_panel.html")
    events.subscribe(events.CustomerErased, on_customer_erased)


def _make_demo_mailboxes(sender: Any, *, teams: Any, **kwargs: Any) -> None:
    from kamitaiou.mail.demo import make_demo_mailboxes  # noqa: PLC0415

    make_demo_mailboxes(teams)
