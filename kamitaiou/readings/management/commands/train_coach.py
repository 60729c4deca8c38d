"""``kamitaiou train-coach --with-overrides``: retrain the coach with the team's verdicts and
register the file (inactive) — an admin activates it in the admin (コーチのモデル).

The judged overrides are exported (one reply in five, by id, held out) to a temporary
JSON-lines file and handed to the pure trainer
(``kamitaiou.method.coach.train_cli.train_main --overrides FILE``) with the shipped training
drafts. Figures on the held-out replies are printed and stored with the registered row: how
often the rules alone, the checker in force and the retrained checker agree with the team's
verdicts (a finding the team said is present / absent). The file is stored as
``KAMITAIOU_MODELS_DIR/coach-<sha256 12>.kmr``; nothing is put in force.
"""

from __future__ import annotations

import contextlib
import getpass
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError
from kamitaiou.method.coach import CoachContext, check_draft
from kamitaiou.method.coach.learned import (
    coach_model_version,
    reset_coach_model,
    use_coach_model,
)
from kamitaiou.method.coach.train_cli import DRAFTS, train_main
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.readings.model_files import COACH, register_model_file
from kamitaiou.readings.overrides import JudgedReply, judged_replies, write_jsonl


def rules_agreement(rows: Sequence[JudgedReply], *, learned: bool = False) -> tuple[int, int]:
    """(agreeing, judged) verdicts of the coach on ``rows`` (with ``learned``, the checker in
    force beside the rules)."""
    agree = total = 0
    for row in rows:
        try:
            kind, stage = CaseKind(row.kind), Stage(row.stage)
        except ValueError:
            continue
        found = {
            str(f.code)
            for f in check_draft(
                row.draft,
                kind=kind,
                stage=stage,
                context=CoachContext(anger=row.anger),
                learned=learned,
            )
        }
        agree += sum(code in found for code in row.present)
        agree += sum(code not in found for code in row.absent)
        total += len(row.present) + len(row.absent)
    return agree, total


def _figure(agree: int, total: int) -> str:
    return f"{agree}/{total} ({agree / total:.0%})" if total else "0/0 (—)"


def _train(train: Sequence[JudgedReply], *, drafts: str, output: Path) -> LinearReader:
    """The pure trainer on the shipped drafts plus ``train``; CommandError on failure."""
    with tempfile.TemporaryDirectory(prefix="kamitaiou-overrides-") as tmp:
        overrides = Path(tmp) / "overrides.jsonl"
        write_jsonl(train, overrides)
        argv = ["--drafts", drafts, "--overrides", str(overrides), "--output", str(output)]
        with contextlib.redirect_stdout(sys.stderr):  # its summary line is not our output
            code = train_main([*argv, "--quiet"])
    if code:
        raise CommandError(f"the coach trainer failed (exit {code}; see the line above)")
    return LinearReader.load(output)


def _after(held: Sequence[JudgedReply], model: LinearReader) -> tuple[int, int]:
    use_coach_model(model)
    try:
        return rules_agreement(held, learned=True)
    finally:
        reset_coach_model()


class Command(BaseCommand):
    help = "Retrain the reply coach with the team's judged overrides and register the model."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--with-overrides", action="store_true", help="use the judged overrides (required)"
        )
        parser.add_argument(
            "--drafts",
            default=str(Path(settings.BASE_DIR) / DRAFTS),
            help="folder of the shipped training *.tsv drafts",
        )
        parser.add_argument("--output", help="also write a copy of the model file here")
        parser.add_argument("--by", default="", help="who trained it (default: the login name)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["with_overrides"]:
            raise CommandError("use --with-overrides (plain train-coach is the pure trainer)")
        rows = list(judged_replies())
        train = [r for r in rows if not r.held_out]
        held = [r for r in rows if r.held_out]
        rules = rules_agreement(held)
        in_force, version = rules_agreement(held, learned=True), coach_model_version()
        self.stdout.write(
            f"judged replies: {len(rows)} (training {len(train)}, held out {len(held)})"
        )
        self.stdout.write(f"before (rules) on held-out verdicts: {_figure(*rules)}")
        self.stdout.write(
            f"before (checker in force, {version}) on held-out verdicts: {_figure(*in_force)}"
        )
        with tempfile.TemporaryDirectory(prefix="kamitaiou-coach-") as tmp:
            trained = Path(tmp) / "coach.kmr"
            after = _after(held, _train(train, drafts=options["drafts"], output=trained))
            self.stdout.write(f"after (retrained checker) on held-out verdicts: {_figure(*after)}")
            figures = {
                "judged": len(rows),
                "held_out": len(held),
                "rules": list(rules),
                "in_force": list(in_force),
                "in_force_version": version,
                "after": list(after),
            }
            try:
                row, created = register_model_file(
                    trained,
                    kind=COACH,
                    created_by=options["by"] or getpass.getuser(),
                    used=len(train),
                    figures=figures,
                )
            except (OSError, ModelFileError) as exc:
                raise CommandError(f"cannot store the model: {exc}") from exc
            if options["output"]:
                out = Path(options["output"])
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(trained, out)
        state = "registered" if created else "already registered"
        self.stdout.write(
            f"{state}: {row.file_name} (sha256 {row.short_sha}, {row.rows:,} rows,"
            f" {len(train)} override verdict(s)); inactive until an admin activates it"
            " (admin → コーチのモデル)"
        )
