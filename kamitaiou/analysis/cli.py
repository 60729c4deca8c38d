"""Command line: ``kamitaiou analyze …`` and ``kamitaiou analyze-eval …`` (ANALYZER.md).

The project's console script dispatches to :func:`analyze_main` and :func:`eval_main`;
``python -m kamitaiou.analysis analyze …`` works without it. Every input problem ends in
one line on stderr and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm  # type: ignore[import-untyped]

from kamitaiou.analysis.analyzer import MAX_CHARS, AnalyzerInputError, analyze
from kamitaiou.analysis.display import LABEL_JA, NEXT_STEP_JA
from kamitaiou.analysis.evaluation import (
    CASE_COLUMNS,
    EvalInputError,
    evaluate,
    format_report,
    parse_cases,
    read_rows,
)
from kamitaiou.analysis.lexicon import LexiconError
from kamitaiou.analysis.model import Analysis, Label
from kamitaiou.analysis.naist_eval import evaluate_naist, format_naist
from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError
from kamitaiou.analysis.timeexpr import TOKYO

EXIT_BAD_INPUT = 2
_WEEKDAYS_JA = "月火水木金土日"


class CliError(Exception):
    """An input problem reported as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parse_now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(TOKYO)
    try:
        now = datetime.fromisoformat(value)
    except ValueError as exc:
        msg = f"--now: not an ISO 8601 datetime: {value!r} (e.g. 2026-11-16T09:00:00+09:00)"
        raise CliError(msg) from exc
    return now if now.tzinfo is not None else now.replace(tzinfo=TOKYO)


def _decode(data: bytes, *, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{what} is not valid UTF-8 (byte {exc.start})"
        raise CliError(msg) from exc


def _check_text(text: str, *, what: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = f"{what} is not valid UTF-8"
        raise CliError(msg) from exc
    if not text.strip():
        msg = f"{what} is empty"
        raise CliError(msg)
    if len(text) > MAX_CHARS:
        msg = f"{what} is too long: {len(text)} characters (the limit is {MAX_CHARS})"
        raise CliError(msg)
    return text


def _read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise CliError(msg) from exc


def format_human(result: Analysis) -> str:
    """Plain-text, Japanese-friendly rendering of one analysis."""
    lines = [
        f"怒り anger: {result.anger}/3   不安 anxiety: {result.anxiety}/3",
        "ラベル labels: "
        + (", ".join(f"{label}（{LABEL_JA[label]}）" for label in result.labels) or "なし"),
    ]
    if result.signals:
        lines.append("根拠 signals:")
    for s in result.signals:
        extra = ""
        due = s.detail.get("due")
        if due:
            d = datetime.fromisoformat(due)
            extra = f"  期限 due: {d:%Y-%m-%d}({_WEEKDAYS_JA[d.weekday()]}) {d:%H:%M}"
        lines.append(f"  - {s.label}「{s.text}」[{s.start}:{s.end}]{extra}")
    lines.append(f"次の一手 next step: {result.next_step} — {NEXT_STEP_JA[result.next_step]}")
    return "\n".join(lines)


def _dump(result: Analysis) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False)


def _sniff_delimiter(path: str, sample: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in {".tsv", ".tab"}:
        return "\t"
    if suffix == ".csv":
        return ","
    try:
        return csv.Sniffer().sniff(sample[:4096], delimiters=",\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return "\t" if "\t" in first else ","


def _run_batch(path: str, column: str, now: datetime) -> int:
    content = _decode(_read_file(path), what=path)
    if not content.strip():
        msg = f"{path} is empty"
        raise CliError(msg)
    reader = csv.DictReader(io.StringIO(content), delimiter=_sniff_delimiter(path, content))
    fields = reader.fieldnames or []
    if column not in fields:
        msg = f"column {column!r} not found in {path} (columns: {', '.join(fields) or 'none'})"
        raise CliError(msg)
    rows = list(reader)
    failed = 0
    out = sys.stdout
    for number, row in enumerate(tqdm(rows, desc="analyze", unit="row", file=sys.stderr), 2):
        text = row.get(column) or ""
        try:
            result = analyze(text, now=now)
        except AnalyzerInputError as exc:
            failed += 1
            out.write(json.dumps({"line": number, "error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        out.write(_dump(result) + "\n")
    if failed:
        sys.stderr.write(f"{failed} row(s) could not be analysed (see the 'error' lines)\n")
    return 0


def _analyze(args: argparse.Namespace) -> int:
    now = _parse_now(args.now)
    if args.jsonl:
        if not args.text:
            msg = "--jsonl needs a CSV or TSV file"
            raise CliError(msg)
        return _run_batch(args.text, args.column, now)
    if args.text is None:
        msg = "give a text, or - to read standard input"
        raise CliError(msg)
    if args.text == "-":
        text = _check_text(_decode(sys.stdin.buffer.read(), what="standard input"), what="input")
    else:
        text = _check_text(args.text, what="text")
    result = analyze(text, now=now)
    sys.stdout.write((_dump(result) if args.json else format_human(result)) + "\n")
    return 0


def _guarded(prog: str, func: object, args: argparse.Namespace) -> int:
    assert callable(func)
    try:
        code = func(args)
    except (CliError, AnalyzerInputError, EvalInputError, LexiconError) as exc:
        sys.stderr.write(f"{prog}: error: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    return int(code)


def analyze_main(argv: Sequence[str]) -> int:
    """``kamitaiou analyze [--json] [--now ISO] TEXT|-`` or ``--jsonl --column C FILE``."""
    parser = _Parser(
        prog="kamitaiou analyze",
        description="Analyse one Japanese customer message (or a CSV/TSV file with --jsonl).",
    )
    parser.add_argument("text", nargs="?", help="the message, - for stdin, or a file with --jsonl")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--jsonl", action="store_true", help="batch: one JSON object per row")
    parser.add_argument("--column", default="text", help="column holding the text (--jsonl)")
    parser.add_argument("--now", help="ISO 8601 'now' for relative dates (default: current time)")
    args = parser.parse_args(list(argv))
    return _guarded(parser.prog, _analyze, args)


def _eval(args: argparse.Namespace) -> int:
    now = _parse_now(args.now)
    path = Path(args.file)
    _decode(_read_file(args.file), what=args.file)  # clear error for missing / non-UTF-8
    fields, rows = read_rows(path)
    reader = _reader_choice(args.reader)
    if args.naist or ("utterance" in fields and "label_angry" in fields):
        naist = evaluate_naist(rows, now=now, reader=reader)
        text = json.dumps(naist, ensure_ascii=False, indent=2) if args.json else format_naist(naist)
        sys.stdout.write(text + "\n")
        return 0
    missing = [c for c in ("id", "text", "must") if c not in fields]
    if missing:
        msg = (
            f"{args.file}: missing column(s) {', '.join(missing)}"
            f" (expected {', '.join(CASE_COLUMNS)}, or the NAIST format)"
        )
        raise CliError(msg)
    cases = parse_cases(rows, source=args.file)
    bad = [c.id for c in cases if not c.text.strip() or len(c.text) > MAX_CHARS]
    if bad:
        msg = f"{args.file}: empty or too long text in row(s) {', '.join(bad[:10])}"
        raise CliError(msg)
    report = evaluate(cases, now=now, reader=reader)
    out = (
        json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        if args.json
        else format_report(report)
    )
    sys.stdout.write(out + "\n")
    return 0


def eval_main(argv: Sequence[str]) -> int:
    """``kamitaiou analyze-eval FILE.tsv [--now ISO] [--json] [--naist]``."""
    parser = _Parser(
        prog="kamitaiou analyze-eval",
        description="Measure the analyzer on labelled cases (dev_cases.tsv columns) or NAIST.",
    )
    parser.add_argument("file", help="TSV with id,text,anger,anxiety_min,must,may,due_from,due_to")
    parser.add_argument("--now", help="ISO 8601 'now' the rows were labelled with")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--naist", action="store_true", help="NAIST format (auto-detected too)")
    parser.add_argument(
        "--reader",
        default="active",
        help="'active' (the model in force, default), 'rules' (rules alone) or a model file",
    )
    args = parser.parse_args(list(argv))
    return _guarded(parser.prog, _eval, args)


def _reader_choice(value: str) -> object:
    if value == "active":
        return True
    if value == "rules":
        return None
    try:
        return LinearReader.load(Path(value))
    except OSError as exc:
        msg = f"--reader {value}: cannot read the model file ({exc.strerror or exc})"
        raise CliError(msg) from exc
    except ModelFileError as exc:
        msg = f"--reader {value}: {exc}"
        raise CliError(msg) from exc


__all__ = ["Label", "analyze_main", "eval_main", "format_human"]
