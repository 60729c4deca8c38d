"""Re-reading stored messages at a real team's scale: ``kamitaiou reanalyze --all`` over
100,000 inbound interactions, with the rules alone and with the learned reader (v2), in one
run. Builds its own SQLite database in a temp dir (or uses DATABASE_URL).

    .venv/bin/python bench/reanalyze.py [--interactions 100000]

The messages are drawn in a fixed order from the texts of eval/cases.tsv (varied, realistic
lengths), bulk-inserted, then re-read by the real management command; the rate is messages
per second of wall time, database writes and the case readings included.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import sys
import tempfile
import time
from contextlib import redirect_stderr
from datetime import timedelta
from pathlib import Path

CASES = Path(__file__).resolve().parents[1] / "eval" / "cases.tsv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interactions", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.core.management import call_command

    from kamitaiou.analysis.reader.active import active_reader, reader_version, reset_reader
    from kamitaiou.analysis.reader.active import use_reader as force

    call_command("migrate", verbosity=0)
    build(args.interactions)
    reset_reader()
    model = active_reader()
    for name, reader in (("rules alone (v1)", None), (f"rules + reader {reader_version()}", model)):
        force(reader)
        started = time.perf_counter()
        with redirect_stderr(io.StringIO()):
            call_command("reanalyze", "--all", stdout=io.StringIO())
        seconds = time.perf_counter() - started
        print(
            f"reanalyze --all, {name}: {args.interactions:,} messages in {seconds:.0f} s"
            f" = {args.interactions / seconds:,.0f} messages/s"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


def build(n: int) -> None:
    """Bulk-insert one team, one operator, cases of 10 inbound messages each."""
    from django.db import transaction
    from django.utils import timezone

    from kamitaiou.accounts.models import Team, User
    from kamitaiou.cases.models import Case, Customer, Interaction

    with CASES.open(encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    team = Team.objects.create(name="チーム")
    operator = User.objects.create_user("operator", password="x", role="operator")
    customer = Customer.objects.create(name="顧客", team=team)
    now = timezone.now()
    per_case = 10
    for start in range(0, n, 5_000):
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    kind="complaint",
                    title=f"案件{i}",
                    customer=customer,
                    team=team,
                    stage="received",
                    opened_at=now - timedelta(days=1),
                )
                for i in range(start // per_case, min(n, start + 5_000) // per_case)
            )
            Interaction.objects.bulk_create(
                Interaction(
                    case=case,
                    direction="in",
                    channel="phone",
                    text=texts[(k * per_case + j) % len(texts)],
                    occurred_at=now - timedelta(hours=j),
                    author=operator,
                )
                for k, case in enumerate(cases)
                for j in range(per_case)
            )
    print(f"built {n:,} inbound messages", file=sys.stderr)


if __name__ == "__main__":
    main()
