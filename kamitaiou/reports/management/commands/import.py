"""``kamitaiou import customers FILE [--team T] [--skip-invalid] [--dry-run]``.

The same check and import as the web page (``reports.importing``): every problem on one
line (``FILE:ROW: COLUMN: message``), nothing written while a row has errors unless
``--skip-invalid``, all rows in one transaction, a progress bar on stderr. ``--dry-run``
checks and says what would happen. Exit status 1 when rows had errors and nothing was
imported.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from kamitaiou.accounts.models import Team
from kamitaiou.params import parse_id
from kamitaiou.reports import importing
from kamitaiou.reports.import_jobs import message


class Command(BaseCommand):
    help = "Import customers and contracts from a CSV (UTF-8 / Shift_JIS) or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["customers"])
        parser.add_argument("file")
        parser.add_argument("--team", help="team id or name (needed when there are several)")
        parser.add_argument("--skip-invalid", action="store_true", help="import the good rows")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        team = self._team(options["team"])
        checked = importing.check(
            content, filename=path.name, team=team, progress=self._bar("確認")
        )
        for problem in checked.problems():
            where = f"{path.name}:{problem.row}" if problem.row else path.name
            column = f" {problem.column}:" if problem.column else ""
            self.stderr.write(f"{where}:{column} {message(problem.code, problem.detail)}")
        if not checked.readable:
            raise CommandError("nothing imported: the file cannot be read")
        bad = len(checked.bad_rows)
        if bad and not options["skip_invalid"]:
            raise CommandError(
                f"nothing imported: {bad} rows with errors (--skip-invalid skips them)"
            )
        counts = checked.counts
        if not options["dry_run"]:
            counts = importing.apply(
                checked, actor=None, team=team, skip_invalid=True, progress=self._bar("取り込み")
            )
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{len(checked.results) - bad} rows {verb} imported"
            f" ({bad} skipped): customers {counts.new_customers} new,"
            f" {counts.changed_customers} updated, {counts.unchanged_customers} unchanged;"
            f" contracts {counts.new_contracts} new, {counts.changed_contracts} updated"
        )

    def _bar(self, label: str) -> importing.Progress:
        def show(done: int, total: int) -> None:
            if not sys.stderr.isatty() and done < total:
                return  # a log gets the last line only
            width = 30
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done >= total else ""
            self.stderr.write(f"\r{label} [{bar}] {done}/{total}", ending=end)
            self.stderr.flush()

        return show

    def _team(self, raw: str | None) -> Team:
        if raw is None:
            teams = list(Team.objects.all()[:2])
            if len(teams) != 1:
                raise CommandError("--team: give the team to import into")
            return teams[0]
        team_id = parse_id(raw)
        team = Team.objects.filter(Q(pk=team_id) if team_id is not None else Q(name=raw)).first()
        if team is None:
            raise CommandError(f"--team: no such team: {raw!r}")
        return team
