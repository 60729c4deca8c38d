"""The tamper-evident case record (decision 0022): append events to a keyed hash chain
per case and to one global ledger across cases.

Each event's hash is an HMAC-SHA256, under the record key (``KAMITAIOU_RECORD_KEY``,
kept outside the database), of the previous event of its case, its own fields, a digest
of its data, a digest of its interaction (if any) and its place in the global ledger
(``ledger_seq`` and the hash of the ledger's previous event). Without the key a changed
row cannot be re-sealed; a deleted case or a cut tail leaves a gap in the ledger; the
signed anchors (``anchor.py``) catch a ledger rewound behind them.

Rows the pages show beside the events (escalations, assessments, the customer …) are
sealed into events too (``sealing.py``); ``verify.py`` checks all of it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kamitaiou.cases.models import Case, CaseEvent, Interaction, RecordLedger

GENESIS = "0" * 64


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="microseconds")


def record_key() -> bytes:
    """The configured record key (read each time: tests and key rotation change it)."""
    return str(settings.KAMITAIOU_RECORD_KEY).encode()


def key_id(key: bytes | None = None) -> str:
    """A short public name of ``key`` (stored with the ledger to tell a wrong key apart)."""
    return hmac.new(key or record_key(), b"kamitaiou record key id", hashlib.sha256).hexdigest()[
        :16
    ]


def mac(payload: Any, *, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the canonical JSON of ``payload`` under the record key."""
    return hmac.new(key or record_key(), _canonical(payload), hashlib.sha256).hexdigest()


def interaction_fields(interaction: Interaction) -> dict[str, Any]:
    """The fields that make an interaction what it is."""
    return {
        "id": interaction.pk,
        "case": interaction.case_id,
        "direction": interaction.direction,
        "channel": interaction.channel,
        "text": interaction.text,
        "occurred_at": iso(interaction.occurred_at),
        "author": interaction.author_id,
        "created_at": iso(interaction.created_at),
    }


def interaction_digest(interaction: Interaction, *, key: bytes | None = None) -> str:
    """The keyed digest of an interaction (kept when its text is erased)."""
    return mac({"t": "interaction", **interaction_fields(interaction)}, key=key)


def data_digest(data: Any, *, key: bytes | None = None) -> str:
    """The keyed digest of an event's data (kept when its text is erased)."""
    return mac({"t": "data", "data": data}, key=key)


def event_hash(
    event: CaseEvent,
    *,
    interaction: str | None,
    data: str | None = None,
    key: bytes | None = None,
) -> str:
    """The chained hash of ``event`` (``prev_hash`` and the ledger fields set).

    ``interaction`` is the digest of its interaction (``None`` for none) and ``data`` the
    digest of its data (computed from ``event.data`` when not given)."""
    return mac(
        {
            "t": "event",
            "prev": event.prev_hash,
            "case": event.case_id,
            "seq": event.seq,
            "kind": event.kind,
            "actor": event.actor_id,
            "data": data if data is not None else data_digest(event.data, key=key),
            "created_at": iso(event.created_at),
            "interaction": interaction,
            "ledger_seq": event.ledger_seq,
            "ledger_prev": event.ledger_prev,
        },
        key=key,
    )


def legacy_event_hash(event: Any, *, interaction: Any) -> str:
    """The unkeyed SHA-256 chain the record used before decision 0022 (for re-sealing)."""
    digest = None
    if interaction is not None:
        digest = hashlib.sha256(_canonical(interaction_fields(interaction))).hexdigest()
    return hashlib.sha256(
        _canonical(
            {
                "prev": event.prev_hash,
                "case": event.case_id,
                "seq": event.seq,
                "kind": event.kind,
                "actor": event.actor_id,
                "data": event.data,
                "created_at": iso(event.created_at),
                "interaction": digest,
            }
        )
    ).hexdigest()


def lock_ledger() -> RecordLedger:
    """The ledger's head row, locked until the caller's transaction ends.

    Every append takes this lock after its case's, so appends to the ledger queue up and
    it never forks. (A transaction that appends to several cases locks all of them
    first: ``lock_cases``.)"""
    row = RecordLedger.objects.select_for_update().filter(pk=1).first()
    if row is None:
        try:
            with transaction.atomic():
                RecordLedger.objects.create(pk=1, key_id=key_id())
        except IntegrityError:
            pass  # created by a concurrent append meanwhile
        row = RecordLedger.objects.select_for_update().get(pk=1)
    return row


def append_event(
    case: Case,
    *,
    kind: str,
    actor: Any,
    data: dict[str, Any] | None = None,
    interaction: Interaction | None = None,
    seals: Iterable[Any] = (),
) -> CaseEvent:
    """Append one event to ``case``'s record and to the global ledger. Call inside the
    action's transaction, with ``case`` freshly locked (``select_for_update``); the
    caller saves the case's chain head (``record_seq``, ``record_head``).

    ``seals`` are rows (of models registered in ``sealing``) whose current content the
    event vouches for: ``verify-records`` then checks the row against it."""
    from kamitaiou.cases.sealing import seal  # noqa: PLC0415 (sealing imports this module)

    payload = dict(data or {})
    sealed = [seal(row) for row in seals]
    if sealed:
        payload["sealed"] = sealed
    ledger = lock_ledger()
    event = CaseEvent(
        case=case,
        seq=case.record_seq + 1,
        kind=kind,
        actor=actor,
        interaction=interaction,
        data=payload,
        created_at=timezone.now(),
        prev_hash=case.record_head or GENESIS,
        ledger_seq=ledger.seq + 1,
        ledger_prev=ledger.head or GENESIS,
    )
    digest = interaction_digest(interaction) if interaction is not None else None
    event.hash = event_hash(event, interaction=digest)
    event.save()
    ledger.seq = event.ledger_seq
    ledger.head = event.hash
    ledger.key_id = ledger.key_id or key_id()
    ledger.updated_at = event.created_at
    ledger.save(update_fields=["seq", "head", "key_id", "updated_at"])
    case.record_seq = event.seq
    case.record_head = event.hash
    return event


def lock_cases(cases: Iterable[Case]) -> list[Case]:
    """Lock several cases (in id order, before any append) for one transaction."""
    ids = sorted({case.pk for case in cases})
    return list(Case.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def save_head(case: Case) -> None:
    """Save only the chain head of ``case`` (after appending outside an action's touch)."""
    case.save(update_fields=["record_seq", "record_head"])


def verify_case(case: Case) -> list[str]:
    """The problems found in ``case``'s record (``verify.verify_case``; kept here for the
    callers that verify one case)."""
    from kamitaiou.cases.verify import verify_case as verify  # noqa: PLC0415

    return verify(case)
