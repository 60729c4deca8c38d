"""Learning from the team: export the corrections, retrain with them, measure before/after.

Nothing retrains by itself: ``kamitaiou train-analyzer --with-corrections`` and
``kamitaiou analyze-eval --corrections`` are run by a person. Both call the pure trainer
(``kamitaiou.analysis.reader.cli.train_main``) with the shipped training data and the
corrections as JSON lines (``{"text", "anger", "anxiety", "labels"}``; anxiety is never
corrected here, so it is unknown).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from kamitaiou.analysis import analyze
from kamitaiou.analysis.reader.active import reader_version
from kamitaiou.analysis.reader.cli import NAIST, WRITTEN, train_main
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.readings.models import ReadingCorrection

FOLDS = 5


@dataclass(frozen=True)
class Corrected:
    """The latest correction of one message, with the message's text."""

    interaction_id: int
    text: str
    occurred_at: Any
    anger: int
    labels: tuple[str, ...]

    def to_json(self) -> str:
        record = {
            "text": self.text,
            "anger": self.anger,
            "anxiety": None,
            "labels": list(self.labels),
            "interaction": self.interaction_id,
        }
        return json.dumps(record, ensure_ascii=False)


def latest_corrections() -> Iterator[Corrected]:
    """The latest correction of every corrected message, in message order (streamed)."""
    qs = (
        ReadingCorrection.objects.select_related("interaction")
        .order_by("interaction_id", "-created_at", "-pk")
        .only(
            "interaction_id",
            "anger_after",
            "labels_after",
            "interaction__text",
            "interaction__occurred_at",
        )
    )
    seen = None
    for row in qs.iterator(chunk_size=500):
        if row.interaction_id == seen:
            continue
        seen = row.interaction_id
        yield Corrected(
            row.interaction_id,
            row.interaction.text,
            row.interaction.occurred_at,
            row.anger_after,
            tuple(row.labels_after),
        )


def held_out(interaction_id: int) -> bool:
    """The deterministic fifth kept out of training for measuring (by a hash of the id)."""
    return hashlib.sha256(str(interaction_id).encode()).digest()[0] % FOLDS == 0


def write_jsonl(rows: Sequence[Corrected], path: Path) -> int:
    path.write_text("".join(r.to_json() + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def default_sources() -> tuple[str, str]:
    """The shipped training data (written batches, NAIST) in the source tree."""
    base = Path(settings.BASE_DIR)
    return str(base / WRITTEN), str(base / NAIST)


def train_options(parser: Any) -> None:
    """Options passed through to the pure trainer."""
    written, naist = default_sources()
    parser.add_argument("--written", default=written, help="folder of written *.tsv batches")
    parser.add_argument("--naist", default=naist, help="NAIST utterances file, or 'none'")
    parser.add_argument("--naist-split", choices=("train", "all"), default="all")
    parser.add_argument("--no-tune", action="store_true", help="thresholds 0.5, no folds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def train(rows: Sequence[Corrected], *, options: dict[str, Any], output: Path) -> LinearReader:
    """Train on the shipped data plus ``rows`` and write ``output``; CommandError on failure."""
    with tempfile.TemporaryDirectory(prefix="kamitaiou-corrections-") as tmp:
        jsonl = Path(tmp) / "corrections.jsonl"
        write_jsonl(rows, jsonl)
        argv = [
            "--written",
            options["written"],
            "--naist",
            options["naist"],
            "--naist-split",
            options["naist_split"],
            "--output",
            str(output),
        ]
        if rows:
            argv += ["--corrections", str(jsonl)]
        if options.get("no_tune"):
            argv.append("--no-tune")
        if options.get("seed") is not None:
            argv += ["--seed", str(options["seed"])]
        if options.get("quiet"):
            argv.append("--quiet")
        with contextlib.redirect_stdout(sys.stderr):  # its summary line is not our output
            code = train_main(argv)
    if code != 0:
        msg = f"training failed (exit status {code}; see the line above)"
        raise CommandError(msg)
    return LinearReader.load(output)


@dataclass
class Scores:
    """Agreement with the corrected readings of the held-out messages."""

    n: int = 0
    anger_exact: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, *, anger: int, labels: set[str], truth: Corrected) -> None:
        wanted = set(truth.labels)
        self.n += 1
        self.anger_exact += int(anger == truth.anger)
        self.tp += len(labels & wanted)
        self.fp += len(labels - wanted)
        self.fn += len(wanted - labels)

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        agree = self.anger_exact / self.n if self.n else 0.0
        return {"anger_exact": agree, "precision": p, "recall": r, "f1": f1}


def compare(held: Sequence[Corrected], retrained: LinearReader) -> dict[str, Any]:
    """The model in force vs ``retrained`` on the held-out corrections."""
    in_force, new = Scores(), Scores()
    for row in held:
        now = timezone.localtime(row.occurred_at)
        a = analyze(row.text, now=now)
        b = analyze(row.text, now=now, reader=retrained)
        in_force.add(anger=a.anger, labels={str(x) for x in a.labels}, truth=row)
        new.add(anger=b.anger, labels={str(x) for x in b.labels}, truth=row)
    return {
        "held_out": len(held),
        "in_force": {"version": reader_version(), **in_force.figures()},
        "retrained": new.figures(),
        "counts": {
            "in_force": {
                "anger_exact": in_force.anger_exact,
                "tp": in_force.tp,
                "fp": in_force.fp,
                "fn": in_force.fn,
            },
            "retrained": {"anger_exact": new.anger_exact, "tp": new.tp, "fp": new.fp, "fn": new.fn},
        },
    }


def format_comparison(result: dict[str, Any], *, trained_on: int) -> str:
    a, b = result["in_force"], result["retrained"]
    lines = [
        f"held-out corrections: {result['held_out']} (a fifth, by a hash of the message id); "
        f"retrained on the shipped data + {trained_on} correction(s)",
        f"{'':28}{'in force (' + a['version'] + ')':>24}{'retrained':>12}",
    ]
    rows = [
        ("anger exact agreement", "anger_exact"),
        ("labels micro precision", "precision"),
        ("labels micro recall", "recall"),
        ("labels micro F1", "f1"),
    ]
    for title, key in rows:
        lines.append(f"{title:28}{a[key]:>24.3f}{b[key]:>12.3f}")
    return "\n".join(lines)
