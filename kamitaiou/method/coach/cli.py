"""``kamitaiou coach``: check a draft from the command line, list stages, run the eval.

    kamitaiou coach --stage calming [--kind complaint] [--anger 2] [--json] "下書き"
    echo "下書き" | kamitaiou coach --stage calming -
    kamitaiou coach --list-stages [--json]
    kamitaiou coach --eval eval/coach_drafts.tsv

Bad input prints one ``coach: error: …`` line on stderr and exits 2; a check exits 0
whatever it finds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from kamitaiou.method.coach.check import check_draft
from kamitaiou.method.coach.evaluation import EvalFileError, evaluate
from kamitaiou.method.coach.model import CoachContext, CoachSettings, Finding
from kamitaiou.method.coach.phrasebook import PhrasebookError
from kamitaiou.method.stages import CaseKind, Stage, stages_for

MAX_DRAFT_CHARS = 20_000
SEVERITY_JA = {"info": "参考", "warning": "注意", "error": "要修正"}


class UsageError(Exception):
    """Bad input; the message is the one line shown on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(
        prog="kamitaiou coach",
        description="返信の下書きを、案件の段階に照らしてチェックします（METHOD.md）。",
    )
    parser.add_argument("draft", nargs="?", help='the draft, or "-" to read it from stdin')
    parser.add_argument("--stage", help="stage identifier (see --list-stages)")
    parser.add_argument("--kind", default=CaseKind.COMPLAINT.value, help="case kind")
    parser.add_argument("--anger", type=int, choices=range(4), help="customer's anger 0–3")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--list-stages", action="store_true", help="list stages per kind")
    parser.add_argument("--eval", metavar="FILE.tsv", help="measure the coach on a labelled file")
    parser.add_argument(
        "--extra-dir", action="append", default=[], help="more phrase lists (*.toml)"
    )
    return parser


def _kind(value: str) -> CaseKind:
    try:
        return CaseKind(value)
    except ValueError:
        names = ", ".join(k.value for k in CaseKind)
        raise UsageError(f"unknown kind {value!r} (one of: {names})") from None


def _stage(value: str | None, kind: CaseKind) -> Stage:
    if value is None:
        raise UsageError("--stage is required (see --list-stages)")
    try:
        stage = Stage(value)
    except ValueError:
        raise UsageError(f"unknown stage {value!r} (see --list-stages)") from None
    if stage not in stages_for(kind):
        names = ", ".join(s.value for s in stages_for(kind))
        raise UsageError(f"stage {value!r} is not a stage of {kind.value} (one of: {names})")
    return stage


def _read_draft(value: str | None) -> str:
    if value is None:
        raise UsageError('no draft given (pass the text, or "-" to read stdin)')
    if value == "-":
        try:
            value = sys.stdin.buffer.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UsageError("the draft on stdin is not UTF-8") from None
    if not value.strip():
        raise UsageError("the draft is empty")
    if len(value) > MAX_DRAFT_CHARS:
        raise UsageError(f"the draft is longer than {MAX_DRAFT_CHARS:,} characters")
    return value


def _list_stages(*, as_json: bool) -> str:
    if as_json:
        data = {
            kind.value: [{"stage": s.value, "label": s.label_ja} for s in stages_for(kind)]
            for kind in CaseKind
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for kind in CaseKind:
        lines.append(f"{kind.value}  {kind.label_ja}")
        lines.extend(f"  {s.value:<22} {s.label_ja}" for s in stages_for(kind))
    return "\n".join(lines) + "\n"


def _human(findings: list[Finding], *, kind: CaseKind, stage: Stage) -> str:
    head = f"{kind.label_ja} / {stage.label_ja} ({kind.value} / {stage.value})"
    if not findings:
        return f"{head}: 指摘はありません。\n"
    lines = [f"{head}: 指摘 {len(findings)} 件"]
    for f in findings:
        lines.append(f"[{SEVERITY_JA[f.severity]}] {f.code} {f.start}–{f.end} 「{f.text.strip()}」")
        lines.append(f"  理由: {f.reason_ja}")
        lines.append(f"  提案: {f.suggestion_ja}")
        if f.replacement is not None:
            lines.append(f"  置換: 「{f.text}」→「{f.replacement}」")
    return "\n".join(lines) + "\n"


def _run(argv: list[str]) -> str:
    args = _parser().parse_args(argv)
    settings = CoachSettings(extra_dirs=tuple(Path(d) for d in args.extra_dir))
    if args.list_stages:
        return _list_stages(as_json=args.json)
    if args.eval:
        try:
            return evaluate(args.eval, settings=settings).format()
        except EvalFileError as exc:
            raise UsageError(str(exc)) from None
    kind = _kind(args.kind)
    stage = _stage(args.stage, kind)
    draft = _read_draft(args.draft)
    findings = check_draft(
        draft, kind=kind, stage=stage, context=CoachContext(anger=args.anger), settings=settings
    )
    if args.json:
        data = {
            "stage": stage.value,
            "kind": kind.value,
            "findings": [f.to_dict() for f in findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _human(findings, kind=kind, stage=stage)


def coach_main(argv: list[str]) -> int:
    """Run ``kamitaiou coach`` with ``argv`` (without the command word); return the exit code."""
    try:
        output = _run(argv)
    except UsageError as exc:
        sys.stderr.write(f"coach: error: {exc}\n")
        return 2
    except PhrasebookError as exc:
        sys.stderr.write(f"coach: error: phrase list: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    sys.stdout.write(output)
    return 0
