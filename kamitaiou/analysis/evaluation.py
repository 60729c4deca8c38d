"""Measure the analyzer on labelled cases (dev_cases.tsv format); NAIST is naist_eval.py.

Case file columns: ``id, text, anger, anxiety_min, must, may, due_from, due_to``.
Counting per label: a label found that is in ``must`` is a true positive; found in
``may`` is neither TP nor FP; found in neither is a false positive; a ``must`` label not
found is a false negative. A deadline hits when one of the found deadlines' ``due`` lies in
``[due_from, due_to]`` (inclusive).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kamitaiou.analysis.analyzer import analyze
from kamitaiou.analysis.model import Analysis, Label
from kamitaiou.rates import Rates

CASE_COLUMNS = ("id", "text", "anger", "anxiety_min", "must", "may", "due_from", "due_to")
_LABEL_VALUES = {label.value for label in Label}


class EvalInputError(ValueError):
    """The evaluation file is not in a supported format."""


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled row."""

    id: str
    text: str
    anger: int
    anxiety_min: int
    must: frozenset[str]
    may: frozenset[str]
    due_from: datetime | None
    due_to: datetime | None
    register: str = ""


@dataclass(slots=True)
class LabelCounts(Rates):
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass(slots=True)
class Report:
    """Everything ``analyze-eval`` prints."""

    n: int = 0
    labels: dict[str, LabelCounts] = field(default_factory=dict)
    anger_exact: int = 0
    anger_within1: int = 0
    anger_confusion: list[list[int]] = field(default_factory=lambda: [[0] * 4 for _ in range(4)])
    anxiety_rows: int = 0
    anxiety_ok: int = 0
    deadline_rows: int = 0
    deadline_hits: int = 0
    #: false labels on rows that expect none (``must`` and ``may`` empty)
    label_free_rows: int = 0
    label_free_false: int = 0
    #: rows rated 0 or ≥ 2: (expected ≥ 2, predicted level, anger score)
    clear_or_none: list[tuple[bool, int, float]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    by_register: dict[str, Report] = field(default_factory=dict)

    @property
    def clear_vs_none(self) -> float:
        """Accuracy on rows rated 0 or ≥ 2: a clear anger must read ≥ 1, a calm one 0."""
        rows = self.clear_or_none
        if not rows:
            return float("nan")
        hits = sum(1 for clear, got, _ in rows if (got >= 1) == clear)
        return hits / len(rows)

    @property
    def anger_auc(self) -> float:
        """ROC AUC of the anger score for clear (≥ 2) against none (0)."""
        rows = self.clear_or_none
        return roc_auc([s for _, _, s in rows], [int(c) for c, _, _ in rows])

    @property
    def micro(self) -> LabelCounts:
        """Counts summed over all labels."""
        total = LabelCounts()
        for c in self.labels.values():
            total.tp += c.tp
            total.fp += c.fp
            total.fn += c.fn
        return total

    def to_dict(self) -> dict[str, Any]:
        """Machine-readable report (``--json``)."""
        micro = self.micro
        return {
            "cases": self.n,
            "labels": {
                name: {
                    "tp": c.tp,
                    "fp": c.fp,
                    "fn": c.fn,
                    "precision": round(c.precision, 4),
                    "recall": round(c.recall, 4),
                    "f1": round(c.f1, 4),
                }
                for name, c in sorted(self.labels.items())
            },
            "micro": {
                "tp": micro.tp,
                "fp": micro.fp,
                "fn": micro.fn,
                "precision": round(micro.precision, 4),
                "recall": round(micro.recall, 4),
                "f1": round(micro.f1, 4),
            },
            "anger": {
                "exact": round(self.anger_exact / self.n, 4) if self.n else 0.0,
                "within_1": round(self.anger_within1 / self.n, 4) if self.n else 0.0,
                "confusion": self.anger_confusion,
            },
            "anger_clear_vs_none": {
                "rows": len(self.clear_or_none),
                "accuracy": _round(self.clear_vs_none),
                "roc_auc": _round(self.anger_auc),
            },
            "label_free": {"rows": self.label_free_rows, "false_labels": self.label_free_false},
            "by_register": {
                name: {
                    "cases": sub.n,
                    "micro_f1": round(sub.micro.f1, 4),
                    "clear_vs_none": _round(sub.clear_vs_none),
                    "label_free_false": sub.label_free_false,
                }
                for name, sub in sorted(self.by_register.items())
            },
            "anxiety_min": {"rows": self.anxiety_rows, "satisfied": self.anxiety_ok},
            "deadline": {"rows": self.deadline_rows, "in_window": self.deadline_hits},
            "misses": self.misses,
        }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)  # NaN → null


def _parse_dt(value: str, *, where: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError as exc:
        msg = f"{where}: bad datetime {value!r}"
        raise EvalInputError(msg) from exc


def _labels(value: str, *, where: str) -> frozenset[str]:
    names = frozenset(p.strip() for p in value.split(",") if p.strip())
    unknown = names - _LABEL_VALUES
    if unknown:
        msg = f"{where}: unknown label(s) {', '.join(sorted(unknown))}"
        raise EvalInputError(msg)
    return names


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a tab-separated UTF-8 file with a header row."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def parse_cases(rows: Iterable[dict[str, str]], *, source: str) -> list[Case]:
    """Turn dev_cases-format rows into :class:`Case` objects (validating them)."""
    cases: list[Case] = []
    for lineno, row in enumerate(rows, start=2):
        where = f"{source}:{lineno}"
        try:
            anger = int(row.get("anger") or 0)
            anxiety = int(row.get("anxiety_min") or 0)
        except ValueError as exc:
            msg = f"{where}: anger and anxiety_min must be integers"
            raise EvalInputError(msg) from exc
        cases.append(
            Case(
                id=row.get("id") or str(lineno),
                text=row.get("text") or "",
                anger=anger,
                anxiety_min=anxiety,
                must=_labels(row.get("must") or "", where=where),
                may=_labels(row.get("may") or "", where=where),
                due_from=_parse_dt(row.get("due_from") or "", where=where),
                due_to=_parse_dt(row.get("due_to") or "", where=where),
                register=(row.get("register") or "").strip(),
            )
        )
    return cases


def _check_deadline(case: Case, result: Analysis, report: Report) -> list[str]:
    if case.due_from is None or case.due_to is None:
        return []
    dues = [
        datetime.fromisoformat(s.detail["due"])
        for s in result.signals
        if s.label is Label.DEADLINE and "due" in s.detail
    ]
    report.deadline_rows += 1
    if any(case.due_from <= d <= case.due_to for d in dues):
        report.deadline_hits += 1
        return []
    got_dues = ", ".join(d.isoformat() for d in dues) or "none"
    return [f"due {got_dues} not in [{case.due_from.isoformat()}, {case.due_to.isoformat()}]"]


def _count(case: Case, result: Analysis, report: Report) -> list[str]:
    got = {str(label) for label in result.labels}
    problems: list[str] = []
    report.n += 1
    label_free = not case.must and not case.may
    report.label_free_rows += label_free
    for name in got:
        if name in case.must:
            report.labels[name].tp += 1
        elif name not in case.may:
            report.labels[name].fp += 1
            report.label_free_false += label_free
            problems.append(f"unexpected {name}")
    for name in case.must - got:
        report.labels[name].fn += 1
        problems.append(f"missed {name}")
    exp, ang = min(max(case.anger, 0), 3), result.anger
    report.anger_confusion[exp][ang] += 1
    report.anger_exact += exp == ang
    report.anger_within1 += abs(exp - ang) <= 1
    if exp != 1:
        score = float(ang if result.anger_score is None else result.anger_score)
        report.clear_or_none.append((exp >= 2, ang, score))
    if abs(exp - ang) > 1:
        problems.append(f"anger {ang} (expected {exp})")
    if case.anxiety_min:
        report.anxiety_rows += 1
        if result.anxiety >= case.anxiety_min:
            report.anxiety_ok += 1
        else:
            problems.append(f"anxiety {result.anxiety} < {case.anxiety_min}")
    problems.extend(_check_deadline(case, result, report))
    return problems


def _new_report() -> Report:
    return Report(labels={label.value: LabelCounts() for label in Label})


def evaluate(cases: Sequence[Case], *, now: datetime, reader: Any = True) -> Report:
    """Run the analyzer over ``cases`` and count (see the module docstring).

    ``reader`` is passed to :func:`~kamitaiou.analysis.analyzer.analyze` (``True``: the
    model in force; ``None``: rules alone; or a model). Rows with a ``register`` are also
    counted per register.
    """
    report = _new_report()
    for case in cases:
        result = analyze(case.text, now=now, reader=reader)
        problems = _count(case, result, report)
        if case.register:
            sub = report.by_register.setdefault(case.register, _new_report())
            _count(case, result, sub)
        if problems:
            report.misses.append(
                {
                    "id": case.id,
                    "text": case.text,
                    "expected": {
                        "must": sorted(case.must),
                        "may": sorted(case.may),
                        "anger": case.anger,
                    },
                    "got": {"labels": [str(x) for x in result.labels], "anger": result.anger},
                    "problems": problems,
                }
            )
    return report


def roc_auc(scores: Sequence[float], truth: Sequence[int]) -> float:
    """ROC AUC by the rank (Mann–Whitney U) formula, ties counted as one half."""
    pairs = sorted(zip(scores, truth, strict=True), key=lambda p: p[0])
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = avg
        i = j + 1
    positives = sum(1 for _, t in pairs if t)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(r for r, (_, t) in zip(ranks, pairs, strict=True) if t)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def format_report(report: Report) -> str:
    """Human-readable report: per-label table, micro-F1, anger, anxiety, deadlines, misses."""
    lines = [
        f"cases: {report.n}",
        "",
        f"{'label':<22}{'TP':>4}{'FP':>4}{'FN':>4}  P      R      F1",
    ]
    for name, c in sorted(report.labels.items()):
        if c.tp + c.fp + c.fn == 0:
            continue
        lines.append(
            f"{name:<22}{c.tp:>4}{c.fp:>4}{c.fn:>4}  {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}"
        )
    m = report.micro
    lines.append(
        f"{'micro':<22}{m.tp:>4}{m.fp:>4}{m.fn:>4}  {m.precision:.3f}  {m.recall:.3f}  {m.f1:.3f}"
    )
    n = report.n or 1
    lines += [
        "",
        f"anger: exact {report.anger_exact}/{report.n} ({report.anger_exact / n:.1%}), "
        f"within ±1 {report.anger_within1}/{report.n} ({report.anger_within1 / n:.1%})",
        "anger confusion (rows = expected 0..3, columns = got 0..3):",
    ]
    lines += [
        f"  {i}: " + " ".join(f"{v:>3}" for v in row)
        for i, row in enumerate(report.anger_confusion)
    ]
    lines += [
        f"anger clear-vs-none: {_fmt(report.clear_vs_none)} accuracy,"
        f" ROC AUC {_fmt(report.anger_auc)} ({len(report.clear_or_none)} rows rated 0 or >=2)",
        f"false labels on label-free rows: {report.label_free_false}"
        f" ({report.label_free_rows} label-free rows)",
        f"anxiety_min satisfied: {report.anxiety_ok}/{report.anxiety_rows}",
        f"deadline in window: {report.deadline_hits}/{report.deadline_rows}",
    ]
    if report.by_register:
        lines += ["", f"{'register':<18}{'cases':>6}  micro-F1  clear-vs-none  false(label-free)"]
        lines += [
            f"{name:<18}{sub.n:>6}  {sub.micro.f1:.3f}     {_fmt(sub.clear_vs_none):<13}  "
            f"{sub.label_free_false}"
            for name, sub in sorted(report.by_register.items())
        ]
    lines += ["", f"misses: {len(report.misses)}"]
    for miss in report.misses:
        exp = miss["expected"]
        got = miss["got"]
        lines.append(
            f"  {miss['id']}\t{miss['text']}\n"
            f"      expected must={','.join(exp['must']) or '-'} may={','.join(exp['may']) or '-'}"
            f" anger={exp['anger']} | got {','.join(got['labels']) or '-'} anger={got['anger']}"
            f" | {'; '.join(miss['problems'])}"
        )
    return "\n".join(lines)
