"""``kamitaiou export cases --format csv|xlsx [--team T] [--since DATE] --output FILE|-``.

The same table as the web export (Japanese headers, Asia/Tokyo times), read in chunks:
memory stays flat in the number of cases. ``--output -`` writes to stdout.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from kamitaiou.accounts.models import Team
from kamitaiou.cases.models import Case
from kamitaiou.params import parse_id
from kamitaiou.reports import exports
from kamitaiou.reports.forms import local_tz


class Command(BaseCommand):
    help = "Export cases as CSV (UTF-8 with BOM, or Shift_JIS) or .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["cases", "customer"])
        parser.add_argument("id", nargs="?", help="customer: its id (kamitaiou/privacy)")
        parser.add_argument("--format", choices=["csv", "xlsx", "json", "html"], default=None)
        parser.add_argument("--encoding", choices=["utf-8", "shift_jis"], default="utf-8")
        parser.add_argument("--team", action="append", default=[], help="team id or name")
        parser.add_argument("--since", help="cases opened on or after this date (YYYY-MM-DD)")
        parser.add_argument("--output", required=True, help="a file, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "customer":
            self._customer(options)
            return
        self._check_cases_arguments(options)
        cases = Case.objects.all()
        if options["team"]:
            cases = cases.filter(team__in=[self._team(raw) for raw in options["team"]])
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"--since: not a date: {options['since']!r}") from None
            cases = cases.filter(opened_at__gte=datetime.combine(since, time(), tzinfo=local_tz()))
        rows = exports.case_table(cases)
        output = options["output"]
        stream = sys.stdout.buffer if output == "-" else None
        try:
            target = stream or open(output, "wb")  # noqa: SIM115 — closed below
        except OSError as exc:
            raise CommandError(f"--output: {exc}") from None
        try:
            if options["format"] == "xlsx":
                exports.write_xlsx([("案件", rows)], target)
            else:
                for line in exports.csv_lines(rows, encoding=options["encoding"]):
                    target.write(line)
        finally:
            if stream is None:
                target.close()
            else:
                target.flush()

    def _check_cases_arguments(self, options: dict[str, Any]) -> None:
        if options["id"]:
            raise CommandError(f"export cases: unexpected argument {options['id']!r}")
        options["format"] = options["format"] or "csv"
        if options["format"] not in {"csv", "xlsx"}:
            raise CommandError(f"--format: csv or xlsx for cases, not {options['format']!r}")

    def _customer(self, options: dict[str, Any]) -> None:
        """``export customer ID``: everything held on one customer (kamitaiou/privacy)."""
        from kamitaiou.privacy.cli import export_customer  # noqa: PLC0415

        if not options["id"]:
            raise CommandError("export customer: give the customer's id")
        export_customer(options["id"], fmt=options["format"] or "json", output=options["output"])

    def _team(self, raw: str) -> Team:
        team_id = parse_id(raw)
        team = Team.objects.filter(Q(pk=team_id) if team_id is not None else Q(name=raw)).first()
        if team is None:
            raise CommandError(f"--team: no such team: {raw!r}")
        return team
