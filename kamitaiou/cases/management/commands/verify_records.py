"""Check every case record's hash chain: prints each problem, exits 1 if any."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.cases.models import Case
from kamitaiou.cases.record import verify_case


class Command(BaseCommand):
    help = "Verify that no interaction or event of any case was changed or deleted."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--case", type=int, help="verify only this case id")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.order_by("pk")
        if options["case"]:
            cases = cases.filter(pk=options["case"])
        checked = 0
        problems: list[str] = []
        for case in cases.iterator(chunk_size=500):
            problems.extend(verify_case(case))
            checked += 1
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {checked} case record(s)")
        self.stdout.write(f"OK: {checked} case record(s) intact")
