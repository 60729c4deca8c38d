"""Re-seal case records made before the keyed chain (decision 0022).

Run once by migration ``0015_reseal_records``: each case whose unkeyed SHA-256 chain
still verifies is re-sealed under the record key, its events entered into the global
ledger (case by case, in case order), and a ``resealed`` event appended that records it —
the old chain head and, as sealed rows, the case's customer, contracts, escalations,
assessments … as they were found. A case whose unkeyed chain no longer verifies is left
as it is: ``verify-records`` keeps reporting its events as not sealed under the key, so a
tampering done before the upgrade is not laundered by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from kamitaiou.cases import sealing
from kamitaiou.cases.record import (
    GENESIS,
    event_hash,
    interaction_digest,
    key_id,
    legacy_event_hash,
)


@dataclass
class ResealReport:
    resealed: int = 0
    events: int = 0
    broken: list[int] = field(default_factory=list)


def _legacy_intact(case: Any, events: list[Any], interactions: dict[int, Any]) -> bool:
    prev = GENESIS
    for number, event in enumerate(events, start=1):
        interaction = interactions.get(event.interaction_id) if event.interaction_id else None
        if event.interaction_id and interaction is None:
            return False
        if event.seq != number or event.prev_hash != prev:
            return False
        if legacy_event_hash(event, interaction=interaction) != event.hash:
            return False
        prev = event.hash
    return case.record_seq == len(events) and (not events or case.record_head == prev)


def _baseline_seals(apps: Any, case: Any) -> list[dict[str, Any]]:
    seals = []
    for entry in sealing.sealed_models():
        if not entry.label.startswith("cases."):
            continue  # other apps' tables may not exist yet at this migration
        model = apps.get_model(entry.label)
        if entry.case_field is not None:
            rows = model._base_manager.filter(**{f"{entry.case_field}_id": case.pk})
        elif entry.label == "cases.customer":
            rows = model._base_manager.filter(pk=case.customer_id)
        else:
            rows = model._base_manager.filter(customer_id=case.customer_id)
        for values in rows.order_by("pk").values("pk", *entry.fields):
            pk = values.pop("pk")
            seals.append(
                {
                    "row": entry.label,
                    "pk": pk,
                    "digest": sealing.digest_values(entry.label, pk, values),
                }
            )
    return seals


def reseal_legacy(apps: Any) -> ResealReport:
    """Re-seal every legacy case record under the record key (see the module docstring)."""
    case_model = apps.get_model("cases", "Case")
    event_model = apps.get_model("cases", "CaseEvent")
    interaction_model = apps.get_model("cases", "Interaction")
    ledger_model = apps.get_model("cases", "RecordLedger")
    report = ResealReport()
    if not event_model.objects.filter(ledger_seq__isnull=True).exists():
        return report
    ledger, _created = ledger_model.objects.get_or_create(pk=1, defaults={"key_id": key_id()})
    seq, head, now = ledger.seq, ledger.head or GENESIS, timezone.now()
    for case in case_model.objects.order_by("pk").iterator(chunk_size=200):
        events = list(event_model.objects.filter(case_id=case.pk).order_by("seq"))
        if not events or any(event.ledger_seq is not None for event in events):
            continue
        interactions = {i.pk: i for i in interaction_model.objects.filter(case_id=case.pk)}
        if not _legacy_intact(case, events, interactions):
            report.broken.append(case.pk)
            continue
        prev = GENESIS
        for event in events:
            interaction = interactions.get(event.interaction_id) if event.interaction_id else None
            seq += 1
            event.prev_hash, event.ledger_seq, event.ledger_prev = prev, seq, head
            event.hash = event_hash(
                event, interaction=interaction_digest(interaction) if interaction else None
            )
            prev = head = event.hash
        event_model._base_manager.bulk_update(
            events, ["prev_hash", "ledger_seq", "ledger_prev", "hash"], batch_size=500
        )
        seq += 1
        marker = event_model(
            case_id=case.pk,
            seq=len(events) + 1,
            kind="resealed",
            actor_id=None,
            data={
                "legacy_head": case.record_head,
                "events": len(events),
                "key_id": key_id(),
                "sealed": _baseline_seals(apps, case),
            },
            created_at=now,
            prev_hash=prev,
            ledger_seq=seq,
            ledger_prev=head,
        )
        marker.hash = event_hash(marker, interaction=None)
        marker.save()
        head = marker.hash
        case_model.objects.filter(pk=case.pk).update(record_seq=marker.seq, record_head=head)
        report.resealed += 1
        report.events += len(events) + 1
    ledger_model.objects.filter(pk=1).update(seq=seq, head=head, key_id=key_id(), updated_at=now)
    return report


@dataclass
class RekeyReport:
    events: int = 0
    cases: int = 0
    problems: list[str] = field(default_factory=list)


def rekey(old_key: str, *, batch: int = 2000) -> RekeyReport:
    """Re-seal every record, sealed under ``old_key``, under the configured key.

    Refuses (returns the problems) unless the whole record verifies under ``old_key``
    first: a rotation never seals over a tampering. Digests of erased content stay as
    they were (they are inputs of the new HMACs); the latest seal of every row is
    recomputed from the row, which verify has just found equal to it. Each case gets a
    ``resealed`` event naming both key ids. Run with the writers stopped."""
    from django.db import transaction  # noqa: PLC0415
    from django.test.utils import override_settings  # noqa: PLC0415

    from kamitaiou.cases.models import (  # noqa: PLC0415
        Case,
        CaseEvent,
        ErasedItem,
        EventKind,
    )
    from kamitaiou.cases.record import append_event, lock_ledger  # noqa: PLC0415
    from kamitaiou.cases.verify import verify_records  # noqa: PLC0415

    report = RekeyReport()
    with override_settings(KAMITAIOU_RECORD_KEY=old_key):
        found = verify_records()
    if found.problems:
        report.problems = found.problems
        return report
    new_id = key_id()
    with transaction.atomic():
        ledger = lock_ledger()
        latest: dict[tuple[int, str, Any], int] = {}
        for event_id, case_id, data in CaseEvent.objects.order_by("ledger_seq").values_list(
            "pk", "case_id", "data"
        ):
            for sealed in data.get("sealed", ()) if isinstance(data, dict) else ():
                latest[(case_id, sealed["row"], sealed["pk"])] = event_id
        erased = {(e.item, e.object_id): e for e in ErasedItem.objects.all()}
        heads, ledger_head, report.events = _rehash(latest, erased, batch)
        ledger.head, ledger.key_id = ledger_head, new_id
        ledger.save(update_fields=["head", "key_id"])
        for case in Case.objects.select_for_update().order_by("pk").iterator(chunk_size=batch):
            if case.pk not in heads:
                continue
            case.record_head = heads[case.pk]
            append_event(
                case,
                kind=EventKind.RESEALED,
                actor=None,
                data={"previous_key_id": key_id(old_key.encode()), "key_id": new_id},
            )
            case.save(update_fields=["record_seq", "record_head"])
            report.cases += 1
    return report


def _reseal_data(
    case_id: int, event_id: int, data: dict[str, Any], latest: dict[tuple[int, str, Any], int]
) -> dict[str, Any]:
    sealed = []
    for stored in data.get("sealed", []):
        entry = stored
        if latest.get((case_id, entry["row"], entry["pk"])) == event_id:
            registered = sealing.sealed_model(entry["row"])
            if registered is not None:
                values = sealing.current_values(registered, [entry["pk"]]).get(entry["pk"])
                if values is not None:
                    entry = {
                        **entry,
                        "digest": sealing.digest_values(entry["row"], entry["pk"], values),
                    }
        sealed.append(entry)
    return {**data, "sealed": sealed}


def _rehash(
    latest: dict[tuple[int, str, Any], int], erased: dict[tuple[str, int], Any], batch: int
) -> tuple[dict[int, str], str, int]:
    """Re-compute every event's HMAC under the configured key, in ledger order."""
    from kamitaiou.cases.models import CaseEvent  # noqa: PLC0415
    from kamitaiou.cases.record import data_digest  # noqa: PLC0415

    holders = set(latest.values())
    count = 0
    heads: dict[int, str] = {}
    ledger_head = GENESIS
    pending: list[Any] = []
    events = CaseEvent.objects.order_by("ledger_seq").select_related("interaction")
    for event in events.iterator(chunk_size=batch):
        if event.pk in holders:
            event.data = _reseal_data(event.case_id, event.pk, event.data, latest)
        item = erased.get(("event", event.pk))
        data = None
        if item is not None:
            item.erased_digest = data_digest(event.data)
            item.save(update_fields=["erased_digest"])
            data = item.original_digest
        digest = None
        if event.interaction is not None:
            digest = interaction_digest(event.interaction)
            kept = erased.get(("interaction", event.interaction_id))
            if kept is not None:
                kept.erased_digest = digest
                kept.save(update_fields=["erased_digest"])
                digest = kept.original_digest
        event.prev_hash = heads.get(event.case_id, GENESIS)
        event.ledger_prev = ledger_head
        event.hash = event_hash(event, interaction=digest, data=data)
        heads[event.case_id] = ledger_head = event.hash
        pending.append(event)
        if len(pending) >= batch:
            CaseEvent._base_manager.bulk_update(
                pending, ["data", "prev_hash", "ledger_prev", "hash"]
            )
            count += len(pending)
            pending = []
    CaseEvent._base_manager.bulk_update(pending, ["data", "prev_hash", "ledger_prev", "hash"])
    count += len(pending)
    return heads, ledger_head, count
