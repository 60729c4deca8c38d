"""``verify-records`` at a real team's scale: 100,000 cases, 1,000,000 interactions, each
case opened with its customer sealed and every interaction on the keyed chain and the
global ledger. Prints the build time and the verify time, events per second and peak RSS.
Builds its own database (SQLite in a temp dir, or DATABASE_URL).

    .venv/bin/python bench/verify_records.py [--cases 100000] [--interactions 1000000]
        [--data-dir DIR]    # keep the built SQLite database there and reuse it next time

The records are built in bulk with the same sealing functions the actions use (not
through the actions, which would take hours), so they verify exactly as real ones do.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import timedelta


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--data-dir", default="")
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_django import setup_django

    setup_django(args.data_dir)
    from django.core.management import call_command

    from kamitaiou.cases.models import Case
    from kamitaiou.cases.verify import verify_records

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        build(args.cases, args.interactions)
    started = time.perf_counter()
    report = verify_records()
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"verify-records: {report.checked:,} cases, {report.events:,} events, ledger "
        f"#{report.ledger_seq:,}: {elapsed:.1f} s ({report.events / elapsed:,.0f} events/s), "
        f"{len(report.problems)} problem(s), peak RSS {rss:.0f} MB"
    )


def build(n_cases: int, n_interactions: int) -> None:
    """Bulk-insert customers, cases, interactions and their sealed, chained events."""
    from django.db import transaction
    from django.utils import timezone

    from kamitaiou.accounts.models import Team, User
    from kamitaiou.cases.models import Case, CaseEvent, Customer, Interaction, RecordLedger
    from kamitaiou.cases.record import GENESIS, event_hash, interaction_digest, key_id
    from kamitaiou.cases.sealing import seal

    started = time.perf_counter()
    team = Team.objects.create(name="チーム")
    operator = User.objects.create_user("operator", password="x", role="operator")
    customers = Customer.objects.bulk_create(
        Customer(name=f"顧客{i}", team=team) for i in range(max(1, n_cases // 100))
    )
    seals = {c.pk: seal(c) for c in customers}
    now = timezone.now()
    per_case = max(1, n_interactions // n_cases)
    ledger_seq, ledger_head = 0, GENESIS
    batch = 2_000
    for start in range(0, n_cases, batch):
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    kind="complaint",
                    title=f"案件{i}",
                    customer=customers[i % len(customers)],
                    team=team,
                    stage="received",
                    priority=2,
                    opened_at=now - timedelta(minutes=i),
                    channel="phone",
                )
                for i in range(start, min(n_cases, start + batch))
            )
            interactions = Interaction.objects.bulk_create(
                Interaction(
                    case=case,
                    direction="in" if j % 2 == 0 else "out",
                    channel="phone",
                    text=f"お問い合わせの件、{j}回目のご連絡です。確認をお願いします。",
                    occurred_at=now - timedelta(minutes=j),
                    author=operator,
                    created_at=now,
                )
                for case in cases
                for j in range(per_case)
            )
            events = []
            for n, case in enumerate(cases):
                prev = GENESIS
                items = [None, *interactions[n * per_case : (n + 1) * per_case]]
                for seq, item in enumerate(items, start=1):
                    data = {}
                    if item is None:
                        data = {
                            "kind": case.kind,
                            "title": case.title,
                            "stage": case.stage,
                            "customer": case.customer_id,
                            "team": team.pk,
                            "priority": 2,
                            "contract": None,
                            "assignee": None,
                            "sealed": [seals[case.customer_id]],
                        }
                    ledger_seq += 1
                    event = CaseEvent(
                        case_id=case.pk,
                        seq=seq,
                        kind="created" if item is None else "interaction",
                        actor=operator,
                        interaction=item,
                        data=data,
                        created_at=now,
                        prev_hash=prev,
                        ledger_seq=ledger_seq,
                        ledger_prev=ledger_head,
                    )
                    event.hash = event_hash(
                        event, interaction=interaction_digest(item) if item else None
                    )
                    prev = ledger_head = event.hash
                    events.append(event)
                case.record_seq, case.record_head = len(items), prev
            CaseEvent.objects.bulk_create(events, batch_size=2000)
            Case.objects.bulk_update(cases, ["record_seq", "record_head"], batch_size=2000)
        print(f"\rbuilding: {min(n_cases, start + batch):,} cases", end="", file=sys.stderr)
    RecordLedger.objects.update_or_create(
        pk=1, defaults={"seq": ledger_seq, "head": ledger_head, "key_id": key_id()}
    )
    print(f"\nbuilt in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
