"""Re-seal every case record under a new record key (key rotation, decision 0021)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamitaiou.cases.reseal import rekey


class Command(BaseCommand):
    help = (
        "Re-seal every case record, sealed under the key in --old-key-file, under the "
        "configured KAMITAIOU_RECORD_KEY. Stop the web server and the worker first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--old-key-file", required=True, help="a file holding the old key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            old_key = Path(options["old_key_file"]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CommandError(f"{options['old_key_file']}: {exc.strerror}") from None
        report = rekey(old_key)
        if report.problems:
            for problem in report.problems[:1000]:
                self.stderr.write(problem)
            raise CommandError(
                f"the record does not verify under the old key ({len(report.problems)} "
                "problem(s)); nothing was re-sealed"
            )
        self.stdout.write(
            f"re-sealed {report.events} event(s) of {report.cases} case record(s) under the new key"
        )
