"""``kamitaiou train-coach``: train the coach's learned checker (deterministic, progress bar).

Rows: the training drafts (``training/coach/drafts/*.tsv``: ``id, kind, stage, anger, draft,
codes``; every code known) and, with ``--overrides FILE.jsonl``, the team's confirmed overrides
(``{"draft", "kind", "stage", "anger", "present": [...], "absent": [...]}``; other codes
unknown, weight 2). Bad input is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
from tqdm import tqdm  # type: ignore[import-untyped]

from kamitaiou.analysis.normalize import normalize
from kamitaiou.analysis.reader.features import FEATURE_VERSION
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.train import Example, TrainConfig, fit
from kamitaiou.analysis.tokens import tokenize
from kamitaiou.method.coach.check import check_draft
from kamitaiou.method.coach.learned import DIM, LEARNED_CODES, SHIPPED, draft_features
from kamitaiou.method.coach.model import SEVERITIES, CoachContext, FindingCode, Severity
from kamitaiou.method.stages import CaseKind, Stage, stages_for

DRAFTS = Path("training/coach/drafts")
#: Chosen leave-batches-out on the training drafts (``training/coach/choose_thresholds.py``:
#: five folds of two writers' batches, each predicted by a checker trained on the others;
#: docs/decisions/0012): the best F1 of rules + checker whose precision stays within 0.01 of
#: the earlier pair's. Session 6 (twelve batches, word clusters): (0.4, 0.15) P 0.898
#: R 0.806, error-code recall 0.922 at error precision 0.919; (0.4, 0.2) the same F1 (0.849)
#: with error recall 0.911; (0.3, 0.15) gained recall (0.836) at P 0.881, below the bound.
#: Session 7 (twenty-two batches): (0.4, 0.15) P 0.899 R 0.832 F1 0.864, error-code recall
#: 0.944 at error precision 0.933; (0.3, 0.15) F1 0.870 (R 0.860) at P 0.880, again below.
#: An error-level finding costs money or a lawsuit when missed: the checker speaks up sooner.
ERROR_THRESHOLD = 0.15
WARNING_THRESHOLD = 0.4


class TrainingError(ValueError):
    """A training file is malformed (the message names the file and line)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


Row = tuple[str, CaseKind, Stage, int | None, dict[str, float], float, str]


def _context(kind: str, stage: str, anger: Any, where: str) -> tuple[CaseKind, Stage, int | None]:
    try:
        k, s = CaseKind(kind), Stage(stage)
    except ValueError as exc:
        raise TrainingError(f"{where}: {exc}") from exc
    if s not in stages_for(k):
        raise TrainingError(f"{where}: stage {stage!r} is not a stage of {kind!r}")
    if anger in (None, ""):
        return k, s, None
    if str(anger) not in {"0", "1", "2", "3"}:
        raise TrainingError(f"{where}: anger must be 0–3")
    return k, s, int(anger)


def _codes(values: Any, where: str) -> set[str]:
    codes = {c for c in values if c}
    unknown = codes - set(LEARNED_CODES) - {str(c) for c in FindingCode}
    if unknown:
        raise TrainingError(f"{where}: unknown code(s) {', '.join(sorted(unknown))}")
    return codes


def read_drafts(folder: Path) -> list[Row]:
    """Every ``*.tsv`` of training drafts in ``folder`` (name order)."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, rec in enumerate(
                csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 2
            ):
                where = f"{path}:{line}"
                if rec.get("draft") is None or rec.get("codes") is None:
                    raise TrainingError(
                        f"{where}: expected columns id, kind, stage, anger, draft, codes"
                    )
                kind, stage, anger = _context(rec["kind"], rec["stage"], rec["anger"], where)
                present = _codes(rec["codes"].split(","), where)
                targets = {c: float(c in present) for c in LEARNED_CODES}
                rows.append((rec["draft"], kind, stage, anger, targets, 1.0, path.stem))
    return rows


def read_overrides(path: Path) -> list[Row]:
    """Confirmed overrides exported from a deployment (JSON lines)."""
    rows: list[Row] = []
    for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        where = f"{path}:{line}"
        try:
            rec = json.loads(text)
            draft = str(rec["draft"])
        except (ValueError, KeyError, TypeError) as exc:
            raise TrainingError(f"{where}: not an override record ({exc})") from exc
        kind, stage, anger = _context(rec.get("kind"), rec.get("stage"), rec.get("anger"), where)
        targets = dict.fromkeys(_codes(rec.get("present", []), where), 1.0)
        targets |= dict.fromkeys(_codes(rec.get("absent", []), where), 0.0)
        rows.append((draft, kind, stage, anger, targets, 2.0, "overrides"))
    return rows


def examples(rows: Sequence[Row], progress: Any = None) -> list[Example]:
    """Featurise rows: the rules read first (their findings are features), then the text."""
    out = []
    for draft, kind, stage, anger, targets, weight, group in rows:
        rules = check_draft(
            draft, kind=kind, stage=stage, context=CoachContext(anger=anger), learned=False
        )
        tok = tokenize(normalize(draft).text)
        feats = draft_features(
            tok, kind=kind, stage=stage, anger=anger, rule_codes={str(f.code) for f in rules}
        )
        vec = np.array([targets.get(c, np.nan) for c in LEARNED_CODES], dtype=np.float32)
        out.append(Example(feats, vec, weight, group))
        if progress is not None:
            progress(1)
    return out


def thresholds() -> dict[str, float]:
    """Per-code thresholds: error-level codes lower (see :data:`ERROR_THRESHOLD`)."""
    return {
        c: ERROR_THRESHOLD if SEVERITIES[FindingCode(c)] is Severity.ERROR else WARNING_THRESHOLD
        for c in LEARNED_CODES
    }


def build(rows: Sequence[Row], *, config: TrainConfig, progress: Any = None) -> LinearReader:
    """Train the checker on ``rows`` (same rows and config → same model file)."""
    exs = examples(rows, progress)
    weights, bias = fit(exs, LEARNED_CODES, config=config, progress=progress)
    digest = hashlib.sha256("\n".join(r[0] for r in rows).encode()).hexdigest()[:16]
    meta = {
        "coach": True,
        "feature_version": FEATURE_VERSION,
        "config": asdict(config),
        "rows": len(rows),
        "data_sha256_16": digest,
    }
    return LinearReader(LEARNED_CODES, weights.astype("<f2"), bias, thresholds(), meta)


def train_main(argv: Sequence[str]) -> int:
    """Entry point of ``kamitaiou train-coach``."""
    parser = _Parser(prog="kamitaiou train-coach", description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", default=str(DRAFTS), help="folder of training *.tsv drafts")
    parser.add_argument("--overrides", action="append", help="confirmed overrides JSONL")
    parser.add_argument("--output", default=str(SHIPPED), help="model file to write")
    parser.add_argument("--seed", type=int, default=TrainConfig().seed)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(list(argv))
    try:
        folder = Path(args.drafts)
        if not folder.is_dir():
            raise TrainingError(f"{folder}: no such folder of training drafts")
        rows = read_drafts(folder)
        for path in args.overrides or []:
            if not Path(path).is_file():
                raise TrainingError(f"{path}: no such overrides file")
            rows += read_overrides(Path(path))
        if not rows:
            raise TrainingError("no training drafts")
        config = TrainConfig(dim=DIM, seed=args.seed)
        with tqdm(
            total=len(rows) * (1 + config.epochs), file=sys.stderr, disable=args.quiet
        ) as bar:
            model = build(rows, config=config, progress=bar.update)
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(out)
    except (TrainingError, OSError) as exc:
        sys.stderr.write(f"{parser.prog}: error: {exc}\n")
        return 2
    sys.stdout.write(f"wrote {out} ({out.stat().st_size:,} bytes) from {len(rows):,} drafts\n")
    return 0
