"""Build a reader from training rows: out-of-fold thresholds, then one fit on everything."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

import numpy as np

from kamitaiou.analysis.model import HARASSMENT_LABELS, ILLEGAL_LABELS, THREAT_LABELS
from kamitaiou.analysis.reader.data import Row, examples, outputs
from kamitaiou.analysis.reader.features import FEATURE_VERSION
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.train import Example, TrainConfig, best_threshold, fit

FOLDS = 3
LABEL_THRESHOLD = 0.5
#: threats, カスハラ and illegal requests start automations (escalation, the staff-protection
#: protocol, a refusal): the reader alone adds them only when it is quite sure
HIGH_STAKES_THRESHOLD = 0.8
HIGH_STAKES = frozenset(str(x) for x in THREAT_LABELS | HARASSMENT_LABELS | ILLEGAL_LABELS)
_TUNED = frozenset({"naist", "corrections"})


def _fold_of(groups: Sequence[str]) -> dict[str, int]:
    """Written batches round-robin over the folds (NAIST and corrections always train)."""
    written = sorted({g for g in groups if g not in _TUNED})
    return {g: i % FOLDS for i, g in enumerate(written)}


def _model(
    names: tuple[str, ...], w: np.ndarray, b: np.ndarray, th: dict[str, float], meta: dict[str, Any]
) -> LinearReader:
    # Round through float16 exactly as the file stores it, so figures match the shipped model.
    return LinearReader(names, w.astype("<f2"), b, th, meta)


def out_of_fold_thresholds(
    exs: Sequence[Example],
    names: tuple[str, ...],
    config: TrainConfig,
    progress: Callable[[int], None] | None = None,
) -> dict[str, float]:
    """Thresholds of the anger and anxiety steps chosen on predictions for batches each model
    did not train on; labels at :data:`LABEL_THRESHOLD`."""
    folds = _fold_of([e.group for e in exs])
    if len(set(folds.values())) < 2:
        return dict.fromkeys(names, 0.5)
    probs = np.full((len(exs), len(names)), np.nan, dtype=np.float32)
    for fold in sorted(set(folds.values())):
        held = [i for i, e in enumerate(exs) if folds.get(e.group) == fold]
        train = [e for e in exs if folds.get(e.group) != fold]
        w, b = fit(train, names, config=config, progress=progress)
        model = _model(names, w, b, {}, {})
        for i in held:
            probs[i] = model.probabilities(exs[i].features)
    truth = np.stack([e.targets for e in exs])
    thresholds = {}
    for col, name in enumerate(names):
        if ">=" not in name:
            # Labels: one half. Tuned on held-out batches their thresholds fell to the grid's
            # floor (another writer's wording is read with low confidence), which bought
            # recall on that writer at a large cost in precision everywhere else.
            thresholds[name] = HIGH_STAKES_THRESHOLD if name in HIGH_STAKES else LABEL_THRESHOLD
            continue
        rows = ~np.isnan(probs[:, col]) & ~np.isnan(truth[:, col])
        if rows.sum() == 0 or truth[rows, col].max() < 0.5:
            thresholds[name] = 0.5
            continue
        best = best_threshold(probs[rows, col], truth[rows, col])
        # The reader learned anxiety from written text only and reads worry into plain
        # questions below one half; the rules' worry words cover the rest (combine.py).
        thresholds[name] = max(best, LABEL_THRESHOLD) if name.startswith("anxiety") else best
    return thresholds


def build_reader(
    rows: Sequence[Row],
    *,
    rule_features: bool = True,
    config: TrainConfig | None = None,
    tune: bool = True,
    progress: Callable[[int], None] | None = None,
) -> LinearReader:
    """Train a reader on ``rows`` (deterministic: same rows and config → same model)."""
    cfg = config or TrainConfig()
    names = outputs()
    exs = examples(rows, names=names, dim=cfg.dim, rule_features=rule_features, progress=progress)
    thresholds = (
        out_of_fold_thresholds(exs, names, cfg, progress)
        if tune
        else {n: HIGH_STAKES_THRESHOLD if n in HIGH_STAKES else 0.5 for n in names}
    )
    w, b = fit(exs, names, config=cfg, progress=progress)
    digest = hashlib.sha256("\n".join(r.text for r in rows).encode()).hexdigest()[:16]
    meta = {
        "rule_features": rule_features,
        "feature_version": FEATURE_VERSION,
        "config": asdict(cfg),
        "rows_by_group": dict(sorted(Counter(r.group for r in rows).items())),
        "data_sha256_16": digest,
    }
    return _model(names, w, b, thresholds, meta)


def training_steps(n_rows: int, *, config: TrainConfig, tune: bool, written_share: float) -> int:
    """How many progress units :func:`build_reader` reports (for a progress bar's total)."""
    per_fit = n_rows * config.epochs
    folds = int(FOLDS * per_fit * (1 - written_share / FOLDS)) if tune and written_share else 0
    return n_rows + per_fit + folds
