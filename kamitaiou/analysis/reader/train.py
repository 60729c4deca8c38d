"""Train a :class:`~kamitaiou.analysis.reader.linear.LinearReader` — numpy only, reproducible.

Mini-batch AdaGrad on the logistic loss of every output at once, with L2 regularisation
applied to the rows a batch touches. Targets may be missing per output (``nan``): NAIST
dialogue rows teach anger only, a written customer message teaches everything. A fixed seed
fixes the order of the examples, so the same data gives the same weights (and, through
:meth:`LinearReader.to_bytes`, the same file).

Decision thresholds are chosen per output on held-out folds (by group: a batch of written
text, i.e. one writer's persona), so they reflect text the model has not seen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kamitaiou.analysis.reader.features import Features
from kamitaiou.analysis.reader.linear import LinearReader

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Example:
    """One training row: its features, a target per output (``nan`` = unknown), a weight."""

    features: Features
    targets: npt.NDArray[np.float32]
    weight: float = 1.0
    group: str = ""


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Hyper-parameters (the defaults were chosen on the NAIST split and held-out batches)."""

    dim: int = 1 << 18
    epochs: int = 30
    batch: int = 32
    learning_rate: float = 0.1
    l2: float = 1e-6
    seed: int = 20261201


def _batch_rows(
    examples: Sequence[Example], order: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    idx = [examples[i].features.indices for i in order]
    lengths = np.fromiter((len(a) for a in idx), dtype=np.int64, count=len(idx))
    cat = np.concatenate(idx) if idx else np.zeros(0, dtype=np.int64)
    vals = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths).astype(np.float32)
    owner = np.repeat(np.arange(len(idx)), lengths)
    return cat, vals, owner


def fit(
    examples: Sequence[Example],
    outputs: Sequence[str],
    *,
    config: TrainConfig | None = None,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Learn weights (``dim × outputs``) and biases; ``progress(n)`` is called per batch."""
    cfg = config or TrainConfig()
    k = len(outputs)
    weights = np.zeros((cfg.dim, k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    g2w = np.full((cfg.dim, k), 1e-6, dtype=np.float32)
    g2b = np.full(k, 1e-6, dtype=np.float32)
    targets = np.stack([e.targets for e in examples]).astype(np.float32)
    known = ~np.isnan(targets)
    y = np.where(known, targets, 0.0).astype(np.float32)
    sample_w = np.array([e.weight for e in examples], dtype=np.float32)
    # Start each bias at the output's base rate: fewer epochs to a good model.
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (y * known).sum(0) / np.maximum(known.sum(0), 1)
    rate = np.clip(rate, 1e-3, 1 - 1e-3)
    bias[:] = np.log(rate / (1 - rate))
    rng = np.random.default_rng(cfg.seed)
    n = len(examples)
    for _ in range(cfg.epochs):
        order = rng.permutation(n)
        for start in range(0, n, cfg.batch):
            rows = order[start : start + cfg.batch]
            cat, vals, owner = _batch_rows(examples, rows)
            contrib = weights[cat] * vals[:, None]
            z = np.zeros((len(rows), k), dtype=np.float32)
            np.add.at(z, owner, contrib)
            z += bias
            p = 1.0 / (1.0 + np.exp(-z))
            err = (p - y[rows]) * known[rows] * sample_w[rows, None]
            gb = err.sum(0)
            g2b += gb * gb
            bias -= cfg.learning_rate * gb / np.sqrt(g2b)
            gw_rows = err[owner] * vals[:, None]
            uniq, inverse = np.unique(cat, return_inverse=True)
            gw = np.zeros((len(uniq), k), dtype=np.float32)
            np.add.at(gw, inverse, gw_rows)
            gw += cfg.l2 * weights[uniq]
            g2w[uniq] += gw * gw
            weights[uniq] -= cfg.learning_rate * gw / np.sqrt(g2w[uniq])
            if progress is not None:
                progress(len(rows))
    return weights, bias


def predict_all(model: LinearReader, examples: Sequence[Example]) -> npt.NDArray[np.float32]:
    """Probabilities of every output for every example (rows × outputs)."""
    return np.stack([model.probabilities(e.features) for e in examples])


def best_threshold(probs: npt.NDArray[np.float32], truth: npt.NDArray[np.float32]) -> float:
    """The threshold in [0.2, 0.9] that maximises F1 on these (held-out) predictions."""
    best, best_f1 = 0.5, -1.0
    positives = truth > 0.5
    for t in np.arange(0.2, 0.91, 0.05):
        pred = probs >= t
        tp = float(np.sum(pred & positives))
        fp = float(np.sum(pred & ~positives))
        fn = float(np.sum(~pred & positives))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(round(t, 2)), f1
    return best
