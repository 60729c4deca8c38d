"""Erase the personal data of customers whose cases all closed long ago (APPI retention)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kamitaiou.cases.erasure import do_erase_customer, retention_candidates
from kamitaiou.cases.models import ErasureSource


class Command(BaseCommand):
    help = "Anonymise customers whose cases all closed more than YEARS ago (--dry-run lists)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--anonymise-closed-after",
            type=int,
            default=None,
            metavar="YEARS",
            help="years after the last case closed (default KAMITAIOU_RETENTION_YEARS)",
        )
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["anonymise_closed_after"]
        if years is None:
            years = settings.KAMITAIOU_RETENTION_YEARS
        if years is None or years < 1:
            raise CommandError(
                "give --anonymise-closed-after YEARS (1 or more) or set KAMITAIOU_RETENTION_YEARS"
            )
        reason = f"保存期間（案件完了から{years}年）の経過"
        done = 0
        for customer in retention_candidates(years=years):
            cases = list(customer.cases.order_by("pk").values_list("pk", flat=True))
            closed = f"{customer.last_closed:%Y-%m-%d}"
            if options["dry_run"]:
                self.stdout.write(
                    f"would erase customer {customer.pk} ({customer}): last closed {closed}, "
                    f"cases {', '.join(map(str, cases))}"
                )
            else:
                do_erase_customer(None, customer, reason=reason, source=ErasureSource.RETENTION)
                self.stdout.write(f"erased customer {customer.pk}: cases {len(cases)}")
            done += 1
        verb = "would be erased" if options["dry_run"] else "erased"
        self.stdout.write(f"{done} customer(s) {verb} (closed more than {years} year(s) ago)")
