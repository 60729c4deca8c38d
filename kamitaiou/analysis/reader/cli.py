"""``kamitaiou train-analyzer``: train the learned reader from the data in the repository.

Deterministic (fixed seed, fixed order, reproducible file bytes), with a progress bar on
stderr. Bad input — a missing or malformed training file — is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from tqdm import tqdm  # type: ignore[import-untyped]

from kamitaiou.analysis.reader.active import SHIPPED
from kamitaiou.analysis.reader.build import build_reader, training_steps
from kamitaiou.analysis.reader.data import (
    Row,
    TrainingDataError,
    read_corrections,
    read_naist,
    read_written_dir,
)
from kamitaiou.analysis.reader.train import TrainConfig

WRITTEN = Path("training/analyzer/written")
NAIST = Path("training/analyzer/external/naist_utterances_even.tsv")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        msg = f"not a positive number: {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def _rows(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    written = Path(args.written)
    if not written.is_dir():
        msg = f"{written}: no such folder of written training messages"
        raise TrainingDataError(msg)
    rows.extend(read_written_dir(written))
    if args.naist != "none":
        naist = Path(args.naist)
        if not naist.is_file():
            msg = f"{naist}: no such NAIST file (or pass --naist none)"
            raise TrainingDataError(msg)
        # the train split holds half the dialogues: weight 2 keeps NAIST's share of the loss
        weight = args.naist_weight or (2.0 if args.naist_split == "train" else 1.0)
        rows.extend(read_naist(naist, split=args.naist_split, weight=weight))
    for path in args.corrections or []:
        if not Path(path).is_file():
            msg = f"{path}: no such corrections file"
            raise TrainingDataError(msg)
        rows.extend(read_corrections(Path(path)))
    if not rows:
        msg = "no training rows"
        raise TrainingDataError(msg)
    return rows


def _train(args: argparse.Namespace) -> int:
    rows = _rows(args)
    config = replace(TrainConfig(), seed=args.seed)
    written_share = sum(r.group not in {"naist", "corrections"} for r in rows) / len(rows)
    tune = not args.no_tune
    total = training_steps(len(rows), config=config, tune=tune, written_share=written_share)
    with tqdm(total=total, unit="row", file=sys.stderr, disable=args.quiet) as bar:
        model = build_reader(
            rows,
            rule_features=not args.model_alone,
            config=config,
            tune=not args.no_tune,
            progress=bar.update,
        )
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    model.save(out)
    groups = ", ".join(f"{g} {n}" for g, n in model.meta["rows_by_group"].items())
    size = out.stat().st_size
    sys.stdout.write(f"wrote {out} ({size:,} bytes) from {len(rows):,} rows: {groups}\n")
    return 0


def train_main(argv: Sequence[str]) -> int:
    """Entry point of ``kamitaiou train-analyzer``."""
    parser = _Parser(
        prog="kamitaiou train-analyzer",
        description="Train the learned reader (hashed n-grams + the rules' reading, logistic).",
    )
    parser.add_argument("--written", default=str(WRITTEN), help="folder of written *.tsv batches")
    parser.add_argument("--naist", default=str(NAIST), help="NAIST utterances file, or 'none'")
    parser.add_argument(
        "--naist-split",
        choices=("train", "all"),
        default="all",
        help="'train': dialogue_id %% 4 == 2 only (for measuring on the dev split); 'all'",
    )
    parser.add_argument(
        "--naist-weight",
        type=_positive,
        default=None,
        help="weight of each NAIST row in the loss (written rows weigh 1); default 1, or 2 with "
        "--naist-split train, so NAIST keeps the same share of the loss",
    )
    parser.add_argument("--corrections", action="append", help="corrections JSONL (repeatable)")
    parser.add_argument("--output", default=str(SHIPPED), help="model file to write")
    parser.add_argument("--model-alone", action="store_true", help="without the rules' features")
    parser.add_argument("--no-tune", action="store_true", help="thresholds 0.5, no held-out folds")
    parser.add_argument("--seed", type=int, default=TrainConfig().seed)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(list(argv))
    try:
        return _train(args)
    except TrainingDataError as exc:
        sys.stderr.write(f"{parser.prog}: error: {exc}\n")
        return 2
    except OSError as exc:
        sys.stderr.write(f"{parser.prog}: error: {exc}\n")
        return 2
