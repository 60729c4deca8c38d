"""Signed anchors of the ledger head, kept where the database cannot rewrite them
(decision 0022).

``kamitaiou anchor --output FILE`` appends one JSON line — the ledger's last sequence
number and hash, the time, the key id and an HMAC of those under the record key — to an
append-only file (the worker does it daily). ``kamitaiou verify-records --anchor FILE``
then checks that the database still holds every anchored head: a ledger rewound behind
an anchor (its tail deleted and its head row set back) is found.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases.models import CaseEvent, RecordLedger
from kamitaiou.cases.record import GENESIS, iso, key_id, mac


@dataclass(frozen=True)
class Anchor:
    seq: int
    head: str
    at: str
    key_id: str
    mac: str

    def line(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True) + "\n"


def _signed(seq: int, head: str, at: str) -> str:
    return mac({"t": "anchor", "seq": seq, "head": head, "at": at})


def current_anchor() -> Anchor:
    """The ledger head as it is now, signed."""
    with transaction.atomic():
        ledger = RecordLedger.objects.filter(pk=1).first()
    seq, head = (ledger.seq, ledger.head) if ledger is not None else (0, GENESIS)
    at = iso(timezone.now()) or ""
    return Anchor(
        seq=seq, head=head or GENESIS, at=at, key_id=key_id(), mac=_signed(seq, head or GENESIS, at)
    )


def write_anchor(path: str | Path) -> Anchor:
    """Append the signed ledger head to ``path`` (created if missing) and flush it to disk."""
    anchor = current_anchor()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: the line goes at the end even if the file was opened append-only
    # (``chattr +a``) or another writer appended meanwhile.
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, anchor.line().encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor


def check_anchors(path: str | Path) -> tuple[int, list[str]]:
    """Check every anchor line of ``path`` against the database: (anchors read, problems)."""
    problems: list[str] = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return 0, [f"anchor file {path}: cannot be read ({exc.strerror})"]
    read = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        read += 1
        try:
            raw: dict[str, Any] = json.loads(line)
            anchor = Anchor(**{k: raw[k] for k in ("seq", "head", "at", "key_id", "mac")})
        except (ValueError, KeyError, TypeError):
            problems.append(f"anchor line {number}: not an anchor")
            continue
        if anchor.mac != _signed(anchor.seq, anchor.head, anchor.at):
            problems.append(
                f"anchor line {number} ({anchor.at}): its signature does not match the record "
                f"key (anchor key id {anchor.key_id}, configured {key_id()})"
            )
            continue
        if anchor.seq == 0:
            continue
        stored = (
            CaseEvent.objects.filter(ledger_seq=anchor.seq).values_list("hash", flat=True).first()
        )
        if stored is None:
            problems.append(
                f"anchor line {number} ({anchor.at}): ledger entry #{anchor.seq} is gone — the "
                "ledger was cut back behind this anchor"
            )
        elif stored != anchor.head:
            problems.append(
                f"anchor line {number} ({anchor.at}): ledger entry #{anchor.seq} is not the one "
                "anchored — the ledger was rewritten behind this anchor"
            )
    return read, problems
