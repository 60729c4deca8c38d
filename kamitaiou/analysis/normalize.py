"""NFKC + neologdn normalisation that remembers where every character came from.

``normalize(raw)`` returns a :class:`NormalizedText` whose ``text`` is what the tokeniser
and detectors see, and whose ``to_raw(start, end)`` maps a span of ``text`` back to the
span of ``raw`` that produced it, so that signals can be highlighted in the original.

How the map is built (cheap, no per-character neologdn call):

1. NFKC chunk by chunk. A chunk is one base character plus the combining marks that
   follow it (including half-width ﾞ/ﾟ), so ``ﾌﾞ`` becomes ``ブ`` exactly as NFKC of the
   whole string would. Each output character records the raw range of its chunk.
2. neologdn on the whole NFKC string, then a greedy alignment of its output against its
   input: equal characters advance together; characters neologdn deleted (spaces between
   Japanese words, 〜, repeated ー, …) are skipped; anything else is a 1:1 substitution
   (e.g. ― → ー). neologdn never inserts characters, so this is linear.

neologdn is skipped when it would change nothing: it only acts on spaces, hyphen, long-
vowel and tilde variants, a repeated ー, and the full-/half-width forms of its conversion
table (:data:`_NEOLOGDN_ACTS`). Most messages contain none of these after NFKC, and
neologdn costs about as much as Sudachi's tokenisation of the same text. A test checks,
over every BMP character, that neologdn leaves alone what this check lets through.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import neologdn  # type: ignore[import-not-found]

_COMBINING_EXTRA = frozenset("\uff9e\uff9f")  # half-width dakuten / handakuten
_LOOKAHEAD = 8
# Everything neologdn 0.5 (default options) rewrites or removes: ' ' and U+3000, its
# hyphens, long-vowel variants other than ー, tildes, full-width ASCII and digits
# (FF01–FF5E), half-width kana and marks (FF61–FF9F), ”’‘¥ ゛゜, a byte-order mark (it
# drops one at the start) — and ー repeated.
_NEOLOGDN_ACTS = re.compile(
    "[ \u3000\u02d7\u058a\u2010-\u2015\u2043\u207b\u208b\u2212\ufe63\uff0d\uff70"
    "\u2500\u2501~\u223c\u223e\u301c\u3030\uff5e\u201c\u201d\u2018\u2019\u00a5"
    "\u309b\u309c\ufeff\uff01-\uff5e\uff61-\uff9f]|ーー"
)
_COMBINING = re.compile(r"[\u0300-\u036f\u3099-\u309c\uff9e\uff9f\u20d0-\u20ff\ufe20-\ufe2f]")


class NormalizedText(NamedTuple):
    """A normalised text with, per normalised character, its raw ``[start, end)`` range.

    The common case (NFKC and neologdn change nothing, or replace one for one) keeps the
    identity map as two ``range`` objects: no per-character list is built.
    """

    raw: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the raw span that produced it."""
        if not self.text:
            return (0, 0)
        start = max(0, min(start, len(self.text) - 1))
        end = max(start + 1, min(end, len(self.text)))
        return (self.starts[start], self.ends[end - 1])


@lru_cache(maxsize=4096)
def _nfkc_chunk(chunk: str) -> str:
    return unicodedata.normalize("NFKC", chunk)


def _is_combining(ch: str) -> bool:
    return ch in _COMBINING_EXTRA or unicodedata.combining(ch) != 0


def _nfkc_with_map(raw: str) -> tuple[str, Sequence[int], Sequence[int]]:
    nfkc = unicodedata.normalize("NFKC", raw)
    if len(nfkc) == len(raw) and _COMBINING.search(raw) is None:
        # Without combining marks NFKC never merges characters, so equal length means
        # every character was replaced one for one (e.g. ！ → !, ｶ → カ): the map is the
        # identity, kept as two ranges (no per-character list).
        return nfkc, range(len(raw)), range(1, len(raw) + 1)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(raw)
    while i < n:
        j = i + 1
        while j < n and _is_combining(raw[j]):
            j += 1
        piece = _nfkc_chunk(raw[i:j])
        out.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(out), starts, ends


def _align(src: str, out: str) -> list[int]:
    """For each character of ``out`` (neologdn output), its index in ``src``."""
    mapping: list[int] = []
    i = 0
    n = len(src)
    for ch in out:
        if i < n and src[i] == ch:
            mapping.append(i)
            i += 1
            continue
        # neologdn deleted something here: skip ahead to the next equal character.
        for d in range(1, _LOOKAHEAD + 1):
            if i + d < n and src[i + d] == ch:
                i += d
                break
        mapping.append(min(i, n - 1))
        i += 1
    return mapping


def normalize(raw: str) -> NormalizedText:
    """Normalise ``raw`` with NFKC then neologdn, keeping an offset map back to ``raw``."""
    nfkc, starts, ends = _nfkc_with_map(raw)
    if _NEOLOGDN_ACTS.search(nfkc) is None:  # neologdn would return it unchanged
        return NormalizedText(raw, nfkc, starts, ends)
    text = str(neologdn.normalize(nfkc))
    if text == nfkc:
        return NormalizedText(raw, text, starts, ends)
    if not text:
        return NormalizedText(raw, text, (), ())
    mapping = _align(nfkc, text)
    return NormalizedText(raw, text, [starts[k] for k in mapping], [ends[k] for k in mapping])


def raw_span(norm: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """Map a normalised span to the raw text, trimming whitespace picked up at its edges."""
    start, end = norm.to_raw(start, end)
    raw = norm.raw
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end
