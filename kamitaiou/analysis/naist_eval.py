"""Measure the analyzer's anger reading on the NAIST dialogue file (``utterance``,
``label_angry``): accuracy of anger ≥ 2 and ROC AUC of the level and of the continuous score."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kamitaiou.analysis.analyzer import analyze
from kamitaiou.analysis.evaluation import roc_auc

NAIST_COLUMNS = ("utterance", "label_angry")


def evaluate_naist(
    rows: Sequence[dict[str, str]], *, now: datetime, reader: Any = True
) -> dict[str, Any]:
    """Accuracy and ROC AUC of anger ≥ 2 (and of the anger score) against ``label_angry``."""
    scores: list[int] = []
    continuous: list[float] = []
    truth: list[int] = []
    for row in rows:
        text = (row.get("utterance") or "").strip()
        if not text:
            continue
        result = analyze(text, now=now, reader=reader)
        scores.append(result.anger)
        continuous.append(float(result.anger if result.anger_score is None else result.anger_score))
        truth.append(1 if (row.get("label_angry") or "0").strip() == "1" else 0)
    predicted = [1 if s >= 2 else 0 for s in scores]
    correct = sum(1 for p, t in zip(predicted, truth, strict=True) if p == t)
    tp = sum(1 for p, t in zip(predicted, truth, strict=True) if p and t)
    return {
        "rows": len(truth),
        "angry": sum(truth),
        "accuracy_anger_ge2": round(correct / len(truth), 4) if truth else 0.0,
        "precision_anger_ge2": round(tp / sum(predicted), 4) if sum(predicted) else 0.0,
        "recall_anger_ge2": round(tp / sum(truth), 4) if sum(truth) else 0.0,
        "auc_anger_ge2": round(roc_auc([float(p) for p in predicted], truth), 4),
        "auc_anger_level": round(roc_auc([float(s) for s in scores], truth), 4),
        "auc_anger_score": round(roc_auc(continuous, truth), 4),
        "score_histogram": {str(k): scores.count(k) for k in range(4)},
    }


def format_naist(result: dict[str, Any]) -> str:
    """Human-readable NAIST figures."""
    return "\n".join(
        [
            f"NAIST rows: {result['rows']} (angry: {result['angry']})",
            f"accuracy of anger>=2: {result['accuracy_anger_ge2']:.3f}"
            f" (precision {result['precision_anger_ge2']:.3f},"
            f" recall {result['recall_anger_ge2']:.3f})",
            f"ROC AUC of anger>=2: {result['auc_anger_ge2']:.3f}",
            f"ROC AUC of anger level: {result['auc_anger_level']:.3f}",
            f"ROC AUC of anger score: {result['auc_anger_score']:.3f}",
            f"anger score histogram: {result['score_histogram']}",
        ]
    )
