"""Measure the coach on a labelled TSV of drafts (``eval/coach_drafts.tsv``).

Columns: ``id, kind, stage, anger, draft, expected_codes, note``. Per draft, the set of
finding codes the coach returns is compared with ``expected_codes``: a code returned but
not expected is a false positive, a code expected but not returned a false negative.
``\\n`` in a draft stands for a line break.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kamitaiou.method.coach.check import CoachInputError, check_draft
from kamitaiou.method.coach.model import CoachContext, CoachSettings, FindingCode
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.rates import Rates

COLUMNS = ("id", "kind", "stage", "anger", "draft", "expected_codes", "note")


class EvalFileError(ValueError):
    """The labelled file cannot be read; the message names the line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Miss:
    """A code wrongly returned (``fp``) or wrongly missed (``fn``) on one draft."""

    case_id: str
    code: str
    kind: str  # "fp" or "fn"
    draft: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeScore(Rates):
    """True positives, false positives and false negatives of one code (or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalReport:
    """Scores per finding code and overall, and every miss."""

    drafts: int
    per_code: dict[str, CodeScore]
    overall: CodeScore
    misses: list[Miss] = field(default_factory=list)

    def format(self) -> str:
        """Render the report as plain text (what ``coach --eval`` prints)."""
        lines = [f"drafts: {self.drafts}", f"{'code':<24} {'P':>6} {'R':>6}  tp  fp  fn"]
        for code, score in sorted(self.per_code.items()):
            lines.append(_score_line(code, score))
        lines.append(_score_line("OVERALL", self.overall))
        lines.append(f"misses: {len(self.misses)}")
        lines.extend(f"  {m.kind.upper()} {m.case_id} {m.code}: {m.draft}" for m in self.misses)
        return "\n".join(lines) + "\n"


def _score_line(name: str, score: CodeScore) -> str:
    return (
        f"{name:<24} {score.precision:6.3f} {score.recall:6.3f} "
        f"{score.tp:3d} {score.fp:3d} {score.fn:3d}"
    )


def _codes(raw: str, where: str) -> set[str]:
    codes = {c.strip() for c in raw.split(",") if c.strip()}
    unknown = codes - {str(c) for c in FindingCode}
    if unknown:
        raise EvalFileError(f"{where}: unknown finding code(s) {sorted(unknown)}")
    return codes


def evaluate(path: Path | str, *, settings: CoachSettings | None = None) -> EvalReport:
    """Run the coach over the labelled drafts in ``path`` and score it per code."""
    counts: dict[str, Counter[str]] = {}
    misses: list[Miss] = []
    drafts = 0
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"{path}: {exc}") from exc
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        if any(row.get(col) is None for col in COLUMNS):
            raise EvalFileError(f"{where}: expected columns {', '.join(COLUMNS)}")
        try:
            kind, stage = CaseKind(row["kind"]), Stage(row["stage"])
            anger = int(row["anger"]) if row["anger"].strip() else None
            draft = row["draft"].replace("\\n", "\n")
            found = check_draft(
                draft,
                kind=kind,
                stage=stage,
                context=CoachContext(anger=anger),
                settings=settings or CoachSettings(),
            )
        except (ValueError, CoachInputError) as exc:
            raise EvalFileError(f"{where}: {exc}") from exc
        drafts += 1
        expected = _codes(row["expected_codes"], where)
        returned = {str(f.code) for f in found}
        for code in expected | returned:
            tally = counts.setdefault(code, Counter())
            if code in expected and code in returned:
                tally["tp"] += 1
            elif code in returned:
                tally["fp"] += 1
                misses.append(Miss(case_id=row["id"], code=code, kind="fp", draft=draft))
            else:
                tally["fn"] += 1
                misses.append(Miss(case_id=row["id"], code=code, kind="fn", draft=draft))
    per_code = {code: CodeScore(tp=c["tp"], fp=c["fp"], fn=c["fn"]) for code, c in counts.items()}
    overall = CodeScore(
        tp=sum(s.tp for s in per_code.values()),
        fp=sum(s.fp for s in per_code.values()),
        fn=sum(s.fn for s in per_code.values()),
    )
    return EvalReport(drafts=drafts, per_code=per_code, overall=overall, misses=misses)
