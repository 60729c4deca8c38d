"""The IMAP poller: new mail of one mailbox, by UID, each message taken exactly once.

The mailbox remembers the last UID it took and the folder's UIDVALIDITY. Each message is
taken in one transaction with the move of ``last_uid`` — the mailbox row locked — so a
worker killed mid-batch has either taken a message and moved past it, or neither: the
next poll fetches it again. A changed UIDVALIDITY (the folder was recreated) starts from
UID 1; the (mailbox, Message-ID) key keeps the mail already taken from being doubled.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import os
import re
import ssl
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import ImapSecurity, Mailbox

logger = logging.getLogger(__name__)

#: Tests hold each message's transaction open this long, so a kill lands inside one.
HOLD_ENV = "KAMITAIOU_TEST_HOLD_INTAKE_SECONDS"
_UID = re.compile(rb"UID (\d+)")


class ImapProblem(Exception):
    """The server could not be reached or refused us; the next poll tries again."""


@dataclass
class PollReport:
    """What one poll of one mailbox did."""

    mailbox: str
    fetched: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    error: str = ""


def ssl_context() -> ssl.SSLContext:
    """Certificates are verified; ``KAMITAIOU_MAIL_IMAP_CAFILE`` adds a private CA."""
    context = ssl.create_default_context()
    cafile = os.environ.get("KAMITAIOU_MAIL_IMAP_CAFILE")
    if cafile:
        context.load_verify_locations(cafile=cafile)
    return context


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    """A logged-in connection to ``mailbox``'s server, over TLS unless it is local."""
    timeout = settings.KAMITAIOU_MAIL_IMAP_TIMEOUT
    try:
        if mailbox.imap_security == ImapSecurity.SSL:
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                mailbox.imap_host, mailbox.port, ssl_context=ssl_context(), timeout=timeout
            )
        else:
            conn = imaplib.IMAP4(mailbox.imap_host, mailbox.port, timeout=timeout)
            if mailbox.imap_security == ImapSecurity.STARTTLS:
                conn.starttls(ssl_context=ssl_context())
        conn.login(mailbox.imap_user, mailbox.imap_password())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapProblem(f"{type(exc).__name__}: {exc}") from exc
    return conn


def _ok(reply: tuple[str, list[Any]], what: str) -> list[Any]:
    status, data = reply
    if status != "OK":
        raise ImapProblem(f"{what}: {status} {data!r}"[:300])
    return data


def _batches(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _messages(data: list[Any]) -> list[tuple[int, bytes]]:
    found = []
    for item in data:
        if isinstance(item, tuple) and len(item) >= 2:
            match = _UID.search(item[0])
            if match:
                found.append((int(match.group(1)), bytes(item[1])))
    return sorted(found)


def poll_mailbox(mailbox: Mailbox, *, limit: int | None = None) -> PollReport:
    """Fetch and take ``mailbox``'s new messages (at most ``limit``). Never raises for the
    server's faults: they are logged, kept on the mailbox and retried next poll."""
    report = PollReport(mailbox=mailbox.address)
    try:
        conn = connect(mailbox)
    except ImapProblem as exc:
        return _failed(mailbox, report, str(exc))
    try:
        _poll(conn, mailbox, report, limit=limit)
    except (OSError, imaplib.IMAP4.error, ImapProblem) as exc:
        return _failed(mailbox, report, f"{type(exc).__name__}: {exc}")
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error="")
    return report


def _failed(mailbox: Mailbox, report: PollReport, error: str) -> PollReport:
    logger.warning("IMAP poll of %s failed (retried next poll): %s", mailbox.address, error)
    report.error = error[:500]
    Mailbox.objects.filter(pk=mailbox.pk).update(
        last_polled_at=timezone.now(), last_error=report.error
    )
    return report


def _poll(conn: imaplib.IMAP4, mailbox: Mailbox, report: PollReport, *, limit: int | None) -> None:
    _ok(conn.select(f'"{mailbox.imap_folder}"', readonly=True), "SELECT")
    _code, values = conn.response("UIDVALIDITY")
    uidvalidity = int(values[0]) if values and values[0] else None
    if uidvalidity != mailbox.uidvalidity:
        with transaction.atomic():
            locked = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
            if locked.uidvalidity is not None:
                logger.warning(
                    "UIDVALIDITY of %s changed (%s → %s): starting again from UID 1",
                    mailbox.address,
                    locked.uidvalidity,
                    uidvalidity,
                )
            locked.uidvalidity, locked.last_uid = uidvalidity, 0
            locked.save(update_fields=["uidvalidity", "last_uid"])
        mailbox.uidvalidity, mailbox.last_uid = uidvalidity, 0
    data = _ok(conn.uid("SEARCH", f"UID {mailbox.last_uid + 1}:*"), "SEARCH")
    # "N:*" also answers the last message when its UID is below N: filter.
    uids = sorted(
        int(n) for chunk in data if chunk for n in bytes(chunk).split() if int(n) > mailbox.last_uid
    )
    if limit is not None:
        uids = uids[:limit]
    for batch in _batches(uids, max(1, settings.KAMITAIOU_MAIL_POLL_BATCH)):
        fetched = _ok(conn.uid("FETCH", ",".join(map(str, batch)), "(UID BODY.PEEK[])"), "FETCH")
        for uid, raw in _messages(fetched):
            report.fetched += 1
            status = take(mailbox.pk, uid=uid, raw=raw, uidvalidity=uidvalidity)
            if status:
                report.statuses[status] = report.statuses.get(status, 0) + 1


def take(mailbox_id: int, *, uid: int, raw: bytes, uidvalidity: int | None) -> str | None:
    """Take one fetched message and move the mailbox past it, in one transaction.

    Returns the intake's status, or ``None`` when another worker took this UID already."""
    hold = float(os.environ.get(HOLD_ENV, "0") or 0)
    with transaction.atomic():
        locked = Mailbox.objects.select_for_update().select_related("team").get(pk=mailbox_id)
        if locked.uidvalidity != uidvalidity or uid <= locked.last_uid:
            return None
        result = intake_message(locked, raw, uid=uid)
        locked.last_uid = uid
        locked.save(update_fields=["last_uid"])
        if hold:
            time.sleep(hold)
    return str(result.status)


def poll_all() -> list[PollReport]:
    """Poll every active mailbox that has an IMAP server, one after the other."""
    reports = []
    for mailbox in Mailbox.objects.filter(active=True).exclude(imap_host="").order_by("pk"):
        try:
            reports.append(poll_mailbox(mailbox))
        except Exception:  # one mailbox's fault must not keep the others from being read
            logger.exception("IMAP poll of %s failed", mailbox.address)
            reports.append(PollReport(mailbox=mailbox.address, error="unexpected error"))
    return reports
