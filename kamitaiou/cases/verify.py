"""``verify-records``: check every case record, the rows sealed into it and the ledger.

Works through the cases in batches (a handful of queries per 500 cases, whatever their
size), so a million interactions verify in minutes, not hours (decision 0022).

What it finds, each as a sentence naming the case: an event changed, missing, out of
order or not sealed under the record key; interactions outside the record; the case's
kind, title, stage, customer, priority, assignee or background not what its events say; a
sealed row (escalation, assessment, customer, contract …) changed outside an action, never
sealed or deleted; an erased entry whose erasure is not on the record; gaps, forks or a
cut tail in the global ledger; a ledger rewound behind a signed anchor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from kamitaiou.cases import sealing
from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    ErasedItem,
    EventKind,
    Interaction,
    RecordLedger,
)
from kamitaiou.cases.record import (
    GENESIS,
    data_digest,
    event_hash,
    interaction_digest,
    key_id,
)

CASE_FIELDS = (
    *("pk", "kind", "title", "stage", "customer_id", "contract_id", "priority"),
    *("assignee_id", "background", "record_seq", "record_head"),
)
EVENT_FIELDS = (
    *("id", "case_id", "seq", "kind", "actor_id", "data", "created_at", "prev_hash", "hash"),
    *("ledger_seq", "ledger_prev", "interaction_id"),
)
INTERACTION_FIELDS = (
    *("id", "case_id", "direction", "channel", "text", "occurred_at", "author_id"),
    "created_at",
)


@dataclass
class Report:
    """What ``verify_records`` found."""

    checked: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)
    #: the erasures on the record (they verify; reported so a reader knows)
    erasures: list[str] = field(default_factory=list)
    ledger_seq: int = 0


def _replay(state: dict[str, Any], kind: str, data: dict[str, Any]) -> None:
    """What the case row should hold after ``kind``, from the event's data."""
    if kind == EventKind.CREATED:
        for key, attr in (("kind", "kind"), ("title", "title"), ("stage", "stage")):
            state[attr] = data.get(key)
        state["customer_id"] = data.get("customer")
        for key in ("priority", "contract", "assignee"):
            if key in data:
                state[f"{key}_id" if key != "priority" else key] = data[key]
    elif kind == EventKind.KIND_CHANGED:
        state["kind"], state["stage"] = data.get("to"), data.get("to_stage")
    elif kind == EventKind.STAGE_CHANGED:
        state["stage"] = data.get("to")
    elif kind == EventKind.BACKGROUND:
        state["background"] = data.get("text")
    elif kind == EventKind.PRIORITY_CHANGED:
        state["priority"] = data.get("to")
    elif kind in (EventKind.ASSIGNED, EventKind.REASSIGNED, EventKind.ESCALATION_ACCEPTED):
        state["assignee_id"] = data.get("to")


NAMES = {
    "kind": "kind",
    "title": "title",
    "stage": "stage",
    "customer_id": "customer",
    "contract_id": "contract",
    "priority": "priority",
    "assignee_id": "assignee",
    "background": "background",
}


class _Batch:
    """One batch of cases, verified together."""

    def __init__(self, cases: list[dict[str, Any]], report: Report) -> None:
        self.cases = cases
        self.ids = [case["pk"] for case in cases]
        self.report = report
        self.problems = report.problems
        # (case, label, pk) → (digest, seq) of the latest seal
        self.seals: dict[int, dict[tuple[str, Any], tuple[str, int]]] = defaultdict(dict)
        self.erasure_ids: dict[int, set[int]] = defaultdict(set)
        self.empty_digest: str | None = None

    def run(self) -> None:
        interactions = {
            row["id"]: row
            for row in Interaction.objects.filter(case_id__in=self.ids).values(*INTERACTION_FIELDS)
        }
        erased = {
            (row.item, row.object_id): row
            for row in ErasedItem.objects.filter(case_id__in=self.ids)
        }
        events = CaseEvent.objects.filter(case_id__in=self.ids).order_by("case_id", "seq")
        by_case: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in events.values_list(*EVENT_FIELDS):
            by_case[row[1]].append(row)
        used: set[int] = set()
        for case in self.cases:
            self._case(case, by_case.get(case["pk"], []), interactions, erased, used)
        orphans: dict[int, int] = defaultdict(int)
        for interaction_id, row in interactions.items():
            if interaction_id not in used:
                orphans[row["case_id"]] += 1
        for case_id, count in sorted(orphans.items()):
            self.problems.append(f"case {case_id}: {count} interaction(s) outside the record")
        for (_item, _object_id), row in erased.items():
            if row.erasure_id not in self.erasure_ids[row.case_id]:
                self.problems.append(
                    f"case {row.case_id}: {row.item} {row.object_id} is marked erased, "
                    "but no erasure of it is on the record"
                )
        self._rows()

    def _case(
        self,
        case: dict[str, Any],
        events: list[tuple[Any, ...]],
        interactions: dict[int, dict[str, Any]],
        erased: dict[tuple[str, int], Any],
        used: set[int],
    ) -> None:
        pk = case["pk"]
        prev, expected, state = GENESIS, 1, {}
        seals = self.seals[pk]
        for row in events:
            (event_id, _case_id, seq, kind, actor_id, data, created_at, prev_hash, stored) = row[:9]
            ledger_seq, ledger_prev, interaction_id = row[9:]
            self.report.events += 1
            if seq != expected:
                self.problems.append(f"case {pk}: event #{expected} is missing")
                expected = seq
            if prev_hash != prev:
                self.problems.append(f"case {pk}: event #{seq} does not follow its predecessor")
            event = SimpleNamespace(
                case_id=pk,
                seq=seq,
                kind=kind,
                actor_id=actor_id,
                data=data,
                created_at=created_at,
                prev_hash=prev_hash,
                ledger_seq=ledger_seq,
                ledger_prev=ledger_prev,
            )
            digest = self._data_digest(pk, seq, event_id, data, erased)
            interaction = None
            if interaction_id is not None:
                used.add(interaction_id)
                interaction = self._interaction_digest(
                    pk, seq, interactions.get(interaction_id), interaction_id, erased
                )
            if ledger_seq is None:
                self.problems.append(
                    f"case {pk}: event #{seq} is not sealed under the record key "
                    "(its unkeyed chain did not verify when the record was sealed)"
                )
            elif event_hash(event, interaction=interaction, data=digest) != stored:
                self.problems.append(f"case {pk}: event #{seq} was changed")
            _replay(state, kind, data)
            for sealed in data.get("sealed", ()) if isinstance(data, dict) else ():
                seals[(sealed.get("row"), sealed.get("pk"))] = (sealed.get("digest"), seq)
            if kind == EventKind.ERASED:
                self.erasure_ids[pk].add(data.get("erasure"))
                self.report.erasures.append(_erasure_note(pk, seq, actor_id, created_at, data))
            prev = stored
            expected += 1
        if case["record_seq"] != expected - 1 or (
            case["record_seq"] and case["record_head"] != prev
        ):
            self.problems.append(f"case {pk}: the record ends early (events deleted)")
        for attr, value in state.items():
            if case[attr] != value:
                self.problems.append(
                    f"case {pk}: its {NAMES[attr]} was changed outside the record "
                    f"(the record says {value!r}, the case {case[attr]!r})"
                )

    def _data_digest(
        self, pk: int, seq: int, event_id: int, data: Any, erased: dict[tuple[str, int], Any]
    ) -> str:
        item = erased.get(("event", event_id))
        if item is None:
            if data == {} and isinstance(
                data, dict
            ):  # most events (interactions) carry none: one digest for all
                if self.empty_digest is None:
                    self.empty_digest = data_digest(data)
                return self.empty_digest
            return data_digest(data)
        if data_digest(data) != item.erased_digest:
            self.problems.append(f"case {pk}: event #{seq} was changed after its erasure")
        return str(item.original_digest)

    def _interaction_digest(
        self,
        pk: int,
        seq: int,
        row: dict[str, Any] | None,
        interaction_id: int,
        erased: dict[tuple[str, int], Any],
    ) -> str | None:
        if row is None:
            self.problems.append(f"case {pk}: the interaction of event #{seq} is missing")
            return None
        digest = interaction_digest(SimpleNamespace(pk=interaction_id, **row))  # type: ignore[arg-type]
        item = erased.get(("interaction", interaction_id))
        if item is None:
            return digest
        if digest != item.erased_digest:
            self.problems.append(
                f"case {pk}: the interaction of event #{seq} was changed after its erasure"
            )
        return str(item.original_digest)

    def _rows(self) -> None:
        """Every sealed row against the latest seal of it on its case's record."""
        customers = {case["pk"]: case["customer_id"] for case in self.cases}
        for entry in sealing.sealed_models():
            if entry.case_field is not None:
                self._case_rows(entry)
            else:
                self._customer_rows(entry, customers)
        for name, check in sealing.checks():
            try:
                self.problems.extend(check(self.ids))
            except Exception as exc:  # one app's check must not hide the others' findings
                self.problems.append(f"check {name} failed: {exc!r}")

    def _compare(self, case_id: int, entry: Any, pk: Any, values: dict[str, Any]) -> None:
        what = f"{entry.model._meta.model_name} {pk}"
        sealed = self.seals[case_id].pop((entry.label, pk), None)
        if sealed is None:
            self.problems.append(f"case {case_id}: {what} is not on the record")
        elif sealed[0] != sealing.digest_values(entry.label, pk, values):
            self.problems.append(
                f"case {case_id}: {what} was changed outside the record "
                f"(last sealed by event #{sealed[1]})"
            )

    def _case_rows(self, entry: Any) -> None:
        case_attr = entry.case_attname
        rows = entry.model._default_manager.filter(**{f"{case_attr}__in": self.ids})
        for row in rows.values("pk", case_attr, *entry.fields).iterator(chunk_size=2000):
            pk, case_id = row.pop("pk"), row.pop(case_attr)
            self._compare(case_id, entry, pk, row)
        self._deleted(entry)

    def _customer_rows(self, entry: Any, customers: dict[int, int]) -> None:
        is_customer = entry.model._meta.model_name == "customer"
        lookup = "pk__in" if is_customer else "customer_id__in"
        by_customer: dict[int, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
        rows = entry.model._default_manager.filter(**{lookup: set(customers.values())})
        for row in rows.values("pk", *entry.fields):
            pk = row.pop("pk")
            by_customer[pk if is_customer else row["customer_id"]].append((pk, row))
        for case_id, customer in customers.items():
            for pk, values in by_customer.get(customer, []):
                self._compare(case_id, entry, pk, values)
        self._deleted(entry)

    def _deleted(self, entry: Any) -> None:
        for case_id in self.ids:
            gone = [key for key in self.seals[case_id] if key[0] == entry.label]
            for key in gone:
                _digest, seq = self.seals[case_id].pop(key)
                if entry.case_field is None and self._moved(entry, key[1]):
                    continue
                self.problems.append(
                    f"case {case_id}: {entry.model._meta.model_name} {key[1]} "
                    f"(sealed by event #{seq}) is missing"
                )

    def _moved(self, entry: Any, pk: Any) -> bool:
        # A contract sealed on a case whose customer is another (moved by an admin) is
        # reported by the seal of the new customer's cases, not as deleted here.
        return bool(entry.model._default_manager.filter(pk=pk).exists())


def _erasure_note(pk: int, seq: int, actor_id: Any, at: Any, data: dict[str, Any]) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(data.get("counts", {}).items()))
    who = data.get("by") or (f"user {actor_id}" if actor_id else "the retention rule")
    when = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
    return (
        f"case {pk}: event #{seq} — personal data of customer {data.get('customer')} erased "
        f"{when} by {who} ({data.get('source')}): {data.get('reason')} [{counts}]"
    )


def _case_batches(case_id: int | None, size: int) -> Iterator[list[dict[str, Any]]]:
    cases = Case.objects.order_by("pk")
    if case_id is not None:
        cases = cases.filter(pk=case_id)
    last = 0
    while True:
        batch = list(cases.filter(pk__gt=last).values(*CASE_FIELDS)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1]["pk"]


def verify_ledger(report: Report) -> None:
    """The global ledger: numbered 1…N without a gap, each entry following the one before,
    ending where the ledger head says, sealed under the configured key."""
    head = RecordLedger.objects.filter(pk=1).first()
    if head is not None and head.key_id and head.key_id != key_id():
        report.problems.insert(
            0,
            f"the record was sealed with another key (key id {head.key_id}); the configured "
            f"KAMITAIOU_RECORD_KEY has key id {key_id()} — every event will fail to verify",
        )
    expected, prev = 1, GENESIS
    rows = CaseEvent.objects.filter(ledger_seq__isnull=False).order_by("ledger_seq")
    for seq, ledger_prev, stored, case_id, case_seq in rows.values_list(
        "ledger_seq", "ledger_prev", "hash", "case_id", "seq"
    ).iterator(chunk_size=5000):
        if seq != expected:
            report.problems.append(
                f"ledger: entries #{expected}–#{seq - 1} are missing (a case or events deleted)"
            )
        elif ledger_prev != prev:
            report.problems.append(
                f"ledger: entry #{seq} (case {case_id} event #{case_seq}) does not follow "
                "its predecessor"
            )
        expected, prev = seq + 1, stored
    report.ledger_seq = expected - 1
    if head is None:
        if report.ledger_seq:
            report.problems.append("ledger: its head row is missing")
        return
    if head.seq != report.ledger_seq or (head.seq and head.head != prev):
        report.problems.append(
            f"ledger: it ends at #{report.ledger_seq} but its head says #{head.seq} "
            "(events at its end deleted)"
        )


def verify_records(*, case_id: int | None = None, batch: int = 500) -> Report:
    """Verify every case record (or one) and, for all of them, the ledger."""
    report = Report()
    for cases in _case_batches(case_id, batch):
        _Batch(cases, report).run()
        report.checked += len(cases)
    if case_id is None:
        verify_ledger(report)
    return report


def verify_case(case: Case) -> list[str]:
    """The problems found in ``case``'s record (empty when it is intact)."""
    return verify_records(case_id=case.pk).problems


def verify_cases(ids: Sequence[int]) -> list[str]:
    """The problems of the records of ``ids`` (no ledger check)."""
    report = Report()
    for case_id in ids:
        for cases in _case_batches(case_id, 1):
            _Batch(cases, report).run()
    return report.problems
