"""Training rows for the learned reader: written customer messages, NAIST dialogue, corrections.

- **Written messages** (``training/analyzer/written/*.tsv``; columns ``id, text, anger,
  anxiety, labels, register``): customer messages written for training, every output known.
  The file name (a batch: one writer's persona and register) is the row's *group*, so
  thresholds are tuned on batches the model did not see.
- **NAIST dialogue** (``training/analyzer/external/naist_utterances_even.tsv``, CC BY-SA 4.0):
  anger only. The crowd's share of 怒り tags becomes the targets ``anger>=1`` = any 怒り tag,
  ``anger>=2`` = at least half the tags (measured best on the dev split, against soft
  targets and a ⅓/⅔ cut); every label 0 (everyday talk carries no customer demand or
  threat — without these negatives the reader fired labels on short casual text);
  anxiety unknown.
  With ``split="train"`` (half the dialogues) each NAIST row weighs 2 in the loss by default
  (``--naist-weight``), so NAIST keeps the share of the loss the shipped model (all of it,
  weight 1) gives it: at weight 1 the train-split model let the written register dominate the
  anger heads (NAIST dev AUC 0.854 → 0.862 at 2; at 3 the cross-register anger fell), and the
  shipped model at weight 2 read calm rows angrier on the development sets.
  ``split="train"`` keeps the dialogues with ``dialogue_id % 4 == 2`` (model choice is
  measured on ``% 4 == 0``); ``"all"`` keeps every row for the shipped model.
- **Corrections** (JSON lines ``{"text", "anger", "anxiety", "labels"}``) exported from a
  deployment: like written rows, group ``corrections``, weight 2.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from kamitaiou.analysis.analyzer import read_rules
from kamitaiou.analysis.model import Label
from kamitaiou.analysis.reader.combine import reader_features
from kamitaiou.analysis.reader.linear import LEVEL_OUTPUTS, LinearReader
from kamitaiou.analysis.reader.train import Example
from kamitaiou.analysis.timeexpr import TOKYO

WRITTEN_COLUMNS = ("id", "text", "anger", "anxiety", "labels", "register")
#: "now" used when reading training text (only deadlines depend on it, and they are rules')
TRAINING_NOW = datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)
_LABELS = {label.value for label in Label}
#: NAIST utterances (a robot persuading a child to tidy up, eat, sleep …) carry none of the
#: customer labels: they teach the reader that everyday talk, angry or not, is label-free.
NAIST_LABELS: frozenset[str] = frozenset()


class TrainingDataError(ValueError):
    """A training file is malformed (the message names the file and line)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One training text with what is known about it (``None``: unknown)."""

    text: str
    anger: float | None  # a level 0–3 (written) …
    anger_ge: tuple[float, float] | None  # … or soft targets for >=1, >=2 (NAIST)
    anxiety: int | None
    labels: frozenset[str] | None
    register: str
    group: str
    weight: float = 1.0


def label_outputs() -> tuple[str, ...]:
    """The label outputs a reader learns: the vocabulary without ``deadline`` (rules' own)."""
    return tuple(sorted(v for v in _LABELS if v != Label.DEADLINE.value))


def outputs() -> tuple[str, ...]:
    """Every output of a reader, in model-column order."""
    return (*LEVEL_OUTPUTS, *label_outputs())


def _int(value: str, where: str, name: str) -> int:
    value = value.strip()
    if value not in {"0", "1", "2", "3"}:
        msg = f"{where}: {name} must be 0–3, got {value!r}"
        raise TrainingDataError(msg)
    return int(value)


def _label_set(value: str, where: str) -> frozenset[str]:
    names = frozenset(p.strip() for p in value.split(",") if p.strip())
    unknown = names - _LABELS
    if unknown:
        msg = f"{where}: unknown label(s) {', '.join(sorted(unknown))}"
        raise TrainingDataError(msg)
    return names


def read_written(path: Path) -> list[Row]:
    """Rows of one written batch file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in WRITTEN_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            msg = f"{path}: missing column(s) {', '.join(missing)}"
            raise TrainingDataError(msg)
        rows = []
        for lineno, rec in enumerate(reader, start=2):
            where = f"{path}:{lineno}"
            text = (rec["text"] or "").strip()
            if not text:
                continue
            rows.append(
                Row(
                    text=text,
                    anger=_int(rec["anger"] or "", where, "anger"),
                    anger_ge=None,
                    anxiety=_int(rec["anxiety"] or "", where, "anxiety"),
                    labels=_label_set(rec["labels"] or "", where),
                    register=(rec["register"] or "").strip(),
                    group=path.stem,
                )
            )
        return rows


def read_written_dir(folder: Path) -> list[Row]:
    """Every ``*.tsv`` batch in a folder, in name order."""
    rows: list[Row] = []
    for path in sorted(folder.glob("*.tsv")):
        rows.extend(read_written(path))
    return rows


def read_naist(path: Path, *, split: str = "train", weight: float = 1.0) -> list[Row]:
    """NAIST utterances as anger-only rows (see the module docstring for ``split``), each
    weighing ``weight`` in the loss."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if split == "train" and int(rec["dialogue_id"]) % 4 != 2:
                continue
            text = (rec["utterance"] or "").strip()
            if not text:
                continue
            share = float(rec["anger_share"])
            ge1, ge2 = float(share > 0), float(share >= 0.5)
            rows.append(
                Row(text, None, (ge1, ge2), None, NAIST_LABELS, "naist", "naist", weight=weight)
            )
    return rows


def read_corrections(path: Path) -> list[Row]:
    """Corrections exported from a deployment (JSON lines)."""
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(line)
            text = str(rec["text"]).strip()
        except (ValueError, KeyError, TypeError) as exc:
            msg = f"{where}: not a correction record ({exc})"
            raise TrainingDataError(msg) from exc
        labels = rec.get("labels")
        rows.append(
            Row(
                text=text,
                anger=None if rec.get("anger") is None else _int(str(rec["anger"]), where, "anger"),
                anger_ge=None,
                anxiety=None
                if rec.get("anxiety") is None
                else _int(str(rec["anxiety"]), where, "anxiety"),
                labels=None if labels is None else _label_set(",".join(labels), where),
                register="correction",
                group="corrections",
                weight=2.0,
            )
        )
    return rows


def targets(row: Row, names: Sequence[str]) -> np.ndarray:
    """The target vector of one row (``nan`` where unknown)."""
    out = np.full(len(names), np.nan, dtype=np.float32)
    for i, name in enumerate(names):
        if name.startswith("anger>="):
            k = int(name[-1])
            if row.anger is not None:
                out[i] = float(row.anger >= k)
            elif row.anger_ge is not None and k <= 2:
                out[i] = row.anger_ge[k - 1]
        elif name.startswith("anxiety>="):
            if row.anxiety is not None:
                out[i] = float(row.anxiety >= int(name[-1]))
        elif row.labels is not None:
            out[i] = float(name in row.labels)
    return out


def examples(
    rows: Iterable[Row],
    *,
    names: Sequence[str],
    dim: int,
    rule_features: bool,
    progress: Callable[[int], None] | None = None,
) -> list[Example]:
    """Featurise rows (one rules reading each) into training examples."""
    probe = LinearReader(
        tuple(names),
        np.zeros((dim, 1), dtype=np.float32),
        np.zeros(1, dtype=np.float32),
        {},
        {"rule_features": rule_features},
    )
    out = []
    for row in rows:
        rr = read_rules(row.text, now=TRAINING_NOW)
        out.append(Example(reader_features(rr, probe), targets(row, names), row.weight, row.group))
        if progress is not None:
            progress(1)
    return out
