"""Combine the rules' reading with the learned reader's, keeping evidence for everything.

- **Labels**: every label the rules found stays (they are exact about negation,
  hypotheticals, reported speech and deadlines); the reader adds a label whose probability
  passes its threshold, with the words that weighed most for it as the signal — but never
  one the rules matched and their context ruled out (negated, hypothetical, harmless,
  already done, not needed: 「訴えるつもりはありません」, 「領収書なしで結構です」). ``deadline``
  is the rules' alone — only the grammar can resolve a due time. A model trained without
  the rules' features ("model alone") keeps only the rules' deadlines.
- **Anger / anxiety**: the reader's ordinal outputs (``anger>=1`` …) give the level and a
  continuous score (their sum, 0–3); the labels still set a floor (カスハラ → 3,
  threats → 2), so a threat is never shown calm, and a clear anger the rules read (≥ 2,
  e.g. 「大変失望いたしました。至急…」 — politeness does not cancel anger) stays at least 1.
  Anxiety is the higher of the two readings (the reader learned it from written text
  only; the rules' worry words are precise).
  Measured on the sets in docs/decisions/0009: taking the higher anger of the two cost
  clear-vs-none accuracy on strangers' text, the rules' level minus one did not on ours.
- **Evidence**: for a linear model a feature's contribution is its weight; the strongest
  positive features that have a place in the text are mapped back to raw offsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kamitaiou.analysis.model import Analysis, Evidence, Label, Signal
from kamitaiou.analysis.next_step import choose_next_step
from kamitaiou.analysis.normalize import raw_span
from kamitaiou.analysis.reader.features import Features, feature_strings, hash_features
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.scoring import label_floor
from kamitaiou.analysis.tokens import Tokenized

if TYPE_CHECKING:
    from kamitaiou.analysis.analyzer import RuleReading

_LABELS = {label.value: label for label in Label}
_SIGNALS_PER_LABEL = 2
_ANGER_EVIDENCE = 3


def reader_features(rr: RuleReading, model: LinearReader) -> Features:
    """The model's features of one message (with the rules' reading if it was trained so)."""
    if model.rule_features:
        strings = feature_strings(
            rr.tok,
            rule_labels=[
                *sorted({str(s.label) for s in rr.signals}),
                *sorted(f"~{label}" for label in rr.suppressed),
            ],
            rule_anger=rr.anger,
            rule_anxiety=rr.anxiety,
            cues=rr.cues,
        )
    else:
        strings = feature_strings(rr.tok)
    return hash_features(strings, model.dim)


def level_and_score(
    model: LinearReader, probs: npt.NDArray[np.float32], prefix: str
) -> tuple[int, float]:
    """Ordinal level (each step must pass its threshold) and the expected level."""
    level, score = 0, 0.0
    for k in (1, 2, 3):
        name = f"{prefix}>={k}"
        if name not in model.outputs:
            break
        p = float(probs[model.column(name)])
        score += p
        if level == k - 1 and p >= model.thresholds.get(name, 0.5):
            level = k
    return level, score


def evidence_spans(
    model: LinearReader,
    feats: Features,
    output: str,
    *,
    limit: int,
    snap: Callable[[int, int], tuple[int, int]] | None = None,
) -> list[tuple[int, int, float]]:
    """The strongest positive in-text features of one output, merged where they overlap
    (normalised-text spans with their summed contribution), strongest first."""
    contrib = model.contributions(feats, output)
    spans: list[list[float]] = []
    for i in np.argsort(-contrib, kind="stable")[: 4 * limit + 8]:
        weight = float(contrib[i])
        if weight <= 0:
            break
        start, end = feats.spans[i]
        if start < 0:
            continue
        if snap is not None:
            start, end = snap(start, end)
        for span in spans:
            if start < span[1] and span[0] < end:
                span[0], span[1] = min(span[0], start), max(span[1], end)
                span[2] += weight
                break
        else:
            if len(spans) >= limit:
                continue
            spans.append([start, end, weight])
    # A span that grew may now touch another: merge once more, in text order.
    spans.sort(key=lambda s: s[0])
    merged: list[list[float]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
            merged[-1][2] += span[2]
        else:
            merged.append(span)
    merged.sort(key=lambda s: -s[2])
    return [(int(s), int(e), w) for s, e, w in merged]


def snap_to_tokens(tok: Tokenized, start: int, end: int) -> tuple[int, int]:
    """Widen a normalised span to whole tokens, so evidence reads as words
    (りません。 → ありません。)."""
    starts, ends = tok.starts, tok.ends
    if not starts:
        return start, end
    first = max(0, bisect_right(starts, start) - 1)
    last = min(len(ends) - 1, max(first, bisect_left(ends, end)))
    return min(start, starts[first]), max(end, ends[last])


def combine(rr: RuleReading, model: LinearReader) -> Analysis:
    """The combined :class:`Analysis` of one message (see the module docstring)."""
    feats = reader_features(rr, model)
    probs = model.probabilities(feats)
    norm = rr.norm

    def snap(start: int, end: int) -> tuple[int, int]:
        return snap_to_tokens(rr.tok, start, end)

    if model.rule_features:
        signals = list(rr.signals)
    else:
        signals = [s for s in rr.signals if s.label is Label.DEADLINE]
    present = {s.label for s in signals}
    for col, name in enumerate(model.outputs):
        label = _LABELS.get(name)
        if label is None or label is Label.DEADLINE or label in present or label in rr.suppressed:
            continue
        p = float(probs[col])
        if p < model.thresholds.get(name, 0.5):
            continue
        for start, end, _ in evidence_spans(
            model, feats, name, limit=_SIGNALS_PER_LABEL, snap=snap
        ):
            a, b = raw_span(norm, start, end)
            if a < b:
                detail = {"source": "reader", "confidence": round(p, 3)}
                signals.append(Signal(label, a, b, norm.raw[a:b], detail))
                present.add(label)
    signals.sort(key=lambda s: (s.start, s.end, str(s.label)))
    anger, anger_score = level_and_score(model, probs, "anger")
    anger = max(anger, label_floor(present), rr.anger - 1)
    anxiety, _ = level_and_score(model, probs, "anxiety")
    anxiety = max(anxiety, rr.anxiety)
    evidence: list[Evidence] = []
    if anger:
        for start, end, weight in evidence_spans(
            model, feats, "anger>=1", limit=_ANGER_EVIDENCE, snap=snap
        ):
            a, b = raw_span(norm, start, end)
            if a < b:
                evidence.append(Evidence(a, b, norm.raw[a:b], weight))
    inquiry = rr.inquiry and not present and not anger and not anxiety
    return Analysis(
        anger=anger,
        anxiety=anxiety,
        signals=tuple(signals),
        next_step=choose_next_step(present, anger=anger, anxiety=anxiety, inquiry=inquiry),
        anger_score=round(max(anger_score, float(label_floor(present))), 4),
        anger_evidence=tuple(evidence),
    )
