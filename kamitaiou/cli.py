"""The ``kamitaiou`` command: one front door to the app.

``kamitaiou serve`` runs the web server and the background worker together (Ctrl-C
stops both); ``kamitaiou analyze`` / ``analyze-eval`` / ``train-analyzer`` run the
analyzer without loading Django — except ``train-analyzer --with-corrections`` and
``analyze-eval --corrections``, which read the deployment's corrections (the readings
app's commands); every other word is a Django management command (``migrate``,
``demo``, ``verify-records``, ``createsuperuser`` …).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

SETTINGS = "kamitaiou.config.settings"
ALIASES = {
    "verify-records": "verify_records",
    "seal-records": "seal_records",
    "train-analyzer": "train_analyzer",
    "analyze-eval": "analyze_eval",
    "export-corrections": "export_corrections",
    "export-overrides": "export_overrides",
    "train-coach": "train_coach",
    "intake-mail": "intake_mail",
    "totp-code": "totp_code",
    "prune-view-log": "prune_view_log",
}
USAGE = """usage: kamitaiou COMMAND [ARGS]

  serve [--addr 127.0.0.1:8000]   web server and background worker (Ctrl-C stops both)
  migrate                         create or update the database
  demo                            load the demo data (once; --force to add again)
  verify-records [--anchor FILE]  check that no case record was changed or deleted
  anchor [--output FILE]          append the signed ledger head to an append-only file
  seal-records --old-key-file F   re-seal every record under a new record key (rotation)
  retention --anonymise-closed-after YEARS [--dry-run]   erase customers closed long ago
  analyze TEXT | -                read a customer message (see docs/analyzer.md)
  analyze-eval FILE.tsv           measure the analyzer on labelled messages
  analyze-eval --corrections      the model in force vs a retraining, on held-out corrections
  train-analyzer                  train the learned reader (docs/analyzer.md)
  train-coach                     train the coach's learned checker (docs/coach.md)
  train-analyzer --with-corrections   retrain with the team's corrections, register the model
  export-corrections FILE.jsonl   the team's reading corrections as JSON lines
  export-overrides FILE.jsonl     the team's verdicts on overridden coach findings
  train-coach --with-overrides    retrain the coach with those verdicts, register the model
  intake-mail [--mailbox A] [--json] < message.eml   take one mail (docs/mail.md)
  coach --stage STAGE "draft"     check a reply draft against the method (--list-stages)
  export cases --format csv|xlsx --output FILE|-   cases as CSV (BOM) / Shift_JIS / .xlsx
  import customers FILE [--team T] [--skip-invalid] [--dry-run]   customers, contracts (CSV, xlsx)
  export customer ID --format json|html --output FILE|-   all data held on one customer (APPI)
  backup --output FILE            a consistent backup of the database while it runs
  restore FILE                    load a backup into a new, empty database (--info: show it)
  prune-view-log                  drop view log entries older than KAMITAIOU_VIEW_LOG_DAYS
  any Django management command   e.g. createsuperuser, check, shell
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        return 0
    command, rest = args[0], args[1:]
    pure = _pure_command(command, rest)
    if pure is not None:
        return pure(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if command == "serve":
        return serve(rest)
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    try:
        import django  # noqa: PLC0415

        django.setup()
    except ImproperlyConfigured as exc:  # e.g. no SECRET_KEY outside DEBUG: one line, no traceback
        sys.stderr.write(f"kamitaiou: {exc}\n")
        return 2
    execute_from_command_line(["kamitaiou", ALIASES.get(command, command), *rest])
    return 0


def _pure_command(command: str, rest: list[str]) -> Callable[[Sequence[str]], int] | None:
    """The commands that run without loading Django (the pure analyzer and coach)."""
    if command == "analyze":
        from kamitaiou.analysis.cli import analyze_main  # noqa: PLC0415

        return analyze_main
    if command == "analyze-eval" and "--corrections" not in rest:
        from kamitaiou.analysis.cli import eval_main  # noqa: PLC0415

        return eval_main
    if command == "coach":
        from kamitaiou.method.coach.cli import coach_main  # noqa: PLC0415

        return coach_main
    if command == "train-coach" and "--with-overrides" not in rest:
        return _coach_trainer()
    if command == "train-analyzer" and "--with-corrections" not in rest:
        from kamitaiou.analysis.reader.cli import train_main  # noqa: PLC0415

        return train_main
    return None


def _coach_trainer() -> Callable[[Sequence[str]], int]:
    from kamitaiou.method.coach.train_cli import train_main  # noqa: PLC0415

    return train_main


def serve(args: list[str]) -> int:
    """Run the web server and the ``db_worker`` side by side until Ctrl-C."""
    addr = "127.0.0.1:8000"
    if len(args) == 2 and args[0] == "--addr":
        addr = args[1]
    elif args:
        sys.stderr.write("kamitaiou serve: usage: kamitaiou serve [--addr HOST:PORT]\n")
        return 2
    me = [sys.executable, "-m", "kamitaiou"]
    # db_worker schedules the follow-up sweep itself (followups/management/commands/db_worker.py).
    procs = [
        subprocess.Popen([*me, "runserver", "--noreload", addr]),  # noqa: S603
        subprocess.Popen([*me, "db_worker", "--interval", "1", "--no-reload"]),  # noqa: S603
    ]
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    failed = [p.returncode for p in procs if p.returncode not in (0, None, -signal.SIGTERM)]
    return 0 if stopping or not failed else 1
