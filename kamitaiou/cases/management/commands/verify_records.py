"""Check every case record, the rows sealed into it, the ledger and (``--anchor``) the
signed anchors: prints each problem and what was erased, exits 1 on any problem."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.cases.anchor import check_anchors
from kamitaiou.cases.verify import verify_records


class Command(BaseCommand):
    help = "Verify that no interaction, event or sealed row of any case was changed or deleted."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--case", type=int, help="verify only this case id (no ledger check)")
        parser.add_argument(
            "--anchor", action="append", default=[], help="an anchor file to check against"
        )
        parser.add_argument(
            "--max-problems", type=int, default=1000, help="print at most this many problems"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_records(case_id=options["case"])
        if options["case"] and not report.checked:
            raise CommandError(f"case {options['case']} does not exist (deleted?)")
        anchors = 0
        for path in options["anchor"]:
            read, problems = check_anchors(path)
            anchors += read
            report.problems.extend(problems)
        for note in report.erasures:
            self.stdout.write(f"erased: {note}")
        shown = report.problems[: options["max_problems"]]
        for problem in shown:
            self.stderr.write(problem)
        if len(report.problems) > len(shown):
            self.stderr.write(f"… and {len(report.problems) - len(shown)} more")
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} problem(s) in {report.checked} case record(s)"
            )
        ledger = "" if options["case"] else f", ledger at #{report.ledger_seq}"
        anchored = f", {anchors} anchor(s) held" if options["anchor"] else ""
        self.stdout.write(
            f"OK: {report.checked} case record(s) intact ({report.events} events{ledger}"
            f"{anchored}; {len(report.erasures)} erasure(s) on the record)"
        )
