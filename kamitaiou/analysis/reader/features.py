"""Hashed features of one tokenised message, each remembering where in the text it came from.

Three families, all over the folded normalised text of :class:`~kamitaiou.analysis.tokens.Tokenized`
(katakana → hiragana, ASCII lower-cased, so ﾑｶﾂｸ, ムカツク and むかつく share features):

- ``c``: character bigrams and trigrams of the surface — they generalise to words no list has;
- ``e``: the last one to four characters before the final punctuation — how an utterance
  ends (…じゃないか, …でしょうか, …だろ) carries much of its tone;
- ``l`` / ``b``: Sudachi lemma unigrams and bigrams — conjugations fold to one feature
  (訴えます / 訴えてやる → 訴える);
- ``k`` / ``K`` / ``j``: each lemma's word cluster, coarse and fine, and coarse-cluster
  bigrams (:mod:`~kamitaiou.analysis.reader.clusters`) — words used alike share a feature,
  so a word no training text used still weighs like its neighbours (提訴 ≈ 訴える);
- ``r`` / ``a`` / ``x`` / ``q``: the rule engine's own reading (labels found, anger and anxiety
  level, typographic cues), so a model trained with them *combines* rules and learning.

A feature string is hashed with CRC-32 (stable across processes and machines, unlike
``hash()``) into ``dim`` buckets. Each bucket keeps the normalised-text span of its first
occurrence, so a heavily weighted feature can be shown to a person as evidence.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from kamitaiou.analysis.cues import Cues
from kamitaiou.analysis.reader.clusters import clusters
from kamitaiou.analysis.tokens import Tokenized

#: Bumped whenever the feature strings change: a model records the version it was trained on.
FEATURE_VERSION = 3

_CACHE: dict[str, int] = {}
_CACHE_MAX = 400_000
_CACHE_MASK = [0]
_NO_SPAN = (-1, -1)
_FINAL_PUNCT = frozenset("。.!?！？…・ 　\n")


class Features(NamedTuple):
    """Unique bucket indices of one message and, per index, a normalised-text span.

    ``spans[i]`` is ``(-1, -1)`` for features that have no place in the text (rule features).
    """

    indices: npt.NDArray[np.int64]
    spans: tuple[tuple[int, int], ...]


def _bucket(feature: str, mask: int) -> int:
    idx = _CACHE.get(feature)
    if idx is None:
        idx = zlib.crc32(feature.encode()) & mask
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[feature] = idx
    return idx


def _text_features(tok: Tokenized, out: list[tuple[str, tuple[int, int]]]) -> None:
    s = tok.surface
    n = len(s)
    for i in range(n - 1):
        if s[i].isspace():
            continue
        out.append(("c" + s[i : i + 2], (i, i + 2)))
        if i + 2 < n:
            out.append(("c" + s[i : i + 3], (i, i + 3)))
    end = n
    while end and s[end - 1] in _FINAL_PUNCT:
        end -= 1
    for k in (1, 2, 3, 4):
        if end - k >= 0:
            out.append(("e" + s[end - k : end], (end - k, end)))


def _lemma_features(tok: Tokenized, out: list[tuple[str, tuple[int, int]]]) -> None:
    starts = tok.starts
    ends = tok.ends
    prev = "^"
    prev_start = 0
    for i, lemma in enumerate(tok.lemmas):
        if not lemma or lemma.isspace():
            continue
        out.append(("l" + lemma, (starts[i], ends[i])))
        out.append(("b" + prev + "|" + lemma, (prev_start, ends[i])))
        prev = lemma
        prev_start = starts[i]
    out.append(("b" + prev + "|$", (prev_start, ends[-1] if ends else 0)))


def _cluster_features(tok: Tokenized, out: list[tuple[str, tuple[int, int]]]) -> None:
    table = clusters()
    starts, ends = tok.starts, tok.ends
    prev = ""
    prev_start = 0
    for i, lemma in enumerate(tok.lemmas):
        hit = table.get(lemma)
        if hit is None:
            prev = ""
            continue
        span = (starts[i], ends[i])
        coarse = str(hit[0])
        out.append(("k" + coarse, span))
        out.append(("K" + str(hit[1]), span))
        if prev:
            out.append(("j" + prev + "|" + coarse, (prev_start, ends[i])))
        prev, prev_start = coarse, starts[i]


def feature_strings(
    tok: Tokenized,
    *,
    rule_labels: Iterable[str] = (),
    rule_anger: int | None = None,
    rule_anxiety: int | None = None,
    cues: Cues | None = None,
) -> list[tuple[str, tuple[int, int]]]:
    """Every feature of a message as ``(string, normalised span)``, in text order.

    The rule features are included only when given (a "model alone" reader is trained
    without them).
    """
    out: list[tuple[str, tuple[int, int]]] = []
    _text_features(tok, out)
    _lemma_features(tok, out)
    _cluster_features(tok, out)
    out.extend(("r" + label, _NO_SPAN) for label in rule_labels)
    if rule_anger is not None:
        out.append((f"a{rule_anger}", _NO_SPAN))
    if rule_anxiety is not None:
        out.append((f"x{rule_anxiety}", _NO_SPAN))
    if cues is not None:
        out.extend(
            (f"q{name}{min(value, 3)}", _NO_SPAN)
            for name, value in zip(cues._fields, cues, strict=True)
            if value
        )
    return out


def hash_features(strings: list[tuple[str, tuple[int, int]]], dim: int) -> Features:
    """Hash feature strings into ``dim`` buckets (a power of two); first span per bucket wins."""
    mask = dim - 1
    if _CACHE_MASK[0] != mask:
        _CACHE.clear()
        _CACHE_MASK[0] = mask
    seen: dict[int, tuple[int, int]] = {}
    for feature, span in strings:
        idx = _bucket(feature, mask)
        if idx not in seen:
            seen[idx] = span
    return Features(np.fromiter(seen.keys(), dtype=np.int64, count=len(seen)), tuple(seen.values()))
