"""Which mailbox a message was sent to, by its envelope headers."""

from __future__ import annotations

from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from kamitaiou.mail.models import Mailbox

#: Headers that name the recipient, the most reliable first (the MTA's own first).
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc")


def recipients(raw: bytes) -> list[str]:
    """The addresses ``raw`` was delivered or written to, lower-cased, in header order."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:262144])
    except Exception:  # unreadable headers: no recipient known
        return []
    found: dict[str, None] = {}
    for name in RECIPIENT_HEADERS:
        values = [str(v) for v in headers.get_all(name, [])]
        for _display, address in getaddresses(values):
            if "@" in address:
                found.setdefault(address.strip().lower(), None)
    return list(found)


def mailbox_for(raw: bytes, *, address: str | None = None) -> Mailbox | None:
    """The active mailbox ``address`` names, else the first one ``raw`` was sent to."""
    active = Mailbox.objects.filter(active=True).select_related("team")
    if address:
        return active.filter(address__iexact=address.strip()).first()
    wanted = recipients(raw)
    if not wanted:
        return None
    by_address = {m.address.lower(): m for m in active.filter(address__in=wanted)}
    for candidate in wanted:
        if candidate in by_address:
            return by_address[candidate]
    return None
