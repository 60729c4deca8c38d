"""SudachiPy tokenisation (mode C, once per text) and the folded strings detectors match on.

The Sudachi dictionary is loaded once per process, lazily, behind a lock. A
:class:`Tokenized` text carries two searchable strings over the normalised text:

- ``surface``: the normalised text with katakana folded to hiragana (same length, so
  offsets are the normalised offsets);
- ``lemma``: the concatenation of every token's lemma (``dictionary_form()``; for
  katakana/latin loanwords ``normalized_form()``, which folds spelling variants), folded
  the same way. ``lemma_token[k]`` is the token that produced lemma character ``k``, so a
  lemma match maps back to whole tokens of the normalised text.

Matching a verb's dictionary form in ``lemma`` covers all its conjugations
(訴える ← 訴えます/訴えろ/訴えてやる); matching inside a mode-C compound's lemma covers its
parts (賠償 inside 損害賠償), which is why mode A is rarely needed: :func:`split_a`
is there for the few detectors that care about a compound's parts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sudachipy import (  # type: ignore[import-untyped]
    Dictionary,
    Morpheme,
    SplitMode,
    Tokenizer,
)

_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_FOLD = {**_KATA_TO_HIRA, **{cp: cp + 0x20 for cp in range(0x41, 0x5B)}}
_LOCK = threading.Lock()
_TOKENIZER: Tokenizer | None = None


def fold(text: str) -> str:
    """Fold katakana to hiragana and ASCII to lower case (length-preserving), so ｶｴｾ,
    カエセ and かえせ (or SNS and sns) match alike."""
    return text.translate(_FOLD)


def fold_pattern(pattern: str) -> str:
    """Fold the katakana of a lexicon pattern (ASCII is left alone: write it lower case)."""
    return pattern.translate(_KATA_TO_HIRA)


def tokenizer() -> Tokenizer:
    """Return the process-wide Sudachi tokenizer (core dictionary), loading it once."""
    global _TOKENIZER  # noqa: PLW0603 - a lazy process-wide singleton on purpose
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    return _TOKENIZER


@dataclass(frozen=True, slots=True)
class Token:
    """One mode-C token: normalised-text span, surface, lemma, POS and conjugation form."""

    start: int
    end: int
    surface: str
    lemma: str
    pos: str
    conj_form: str


@dataclass(frozen=True, slots=True)
class Tokenized:
    """Tokens of a normalised text and the folded strings detectors search."""

    text: str
    surface: str
    tokens: tuple[Token, ...]
    lemma: str
    lemma_token: tuple[int, ...]

    def lemma_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``lemma`` to the normalised-text span of the tokens it covers."""
        first = self.tokens[self.lemma_token[start]]
        last = self.tokens[self.lemma_token[max(start, end - 1)]]
        return (first.start, last.end)


def _is_loanword(text: str) -> bool:
    return all(("\u30a0" <= c <= "\u30ff") or c.isascii() for c in text)


def _lemma_of(m: Morpheme) -> str:
    dic = str(m.dictionary_form())
    if _is_loanword(dic):
        return str(m.normalized_form())
    return dic


def tokenize(text: str) -> Tokenized:
    """Tokenise a normalised text once (mode C) and build the folded search strings."""
    tokens: list[Token] = []
    lemma_parts: list[str] = []
    lemma_token: list[int] = []
    for idx, m in enumerate(tokenizer().tokenize(text)):
        pos = m.part_of_speech()
        lemma = fold(_lemma_of(m))
        tokens.append(Token(m.begin(), m.end(), m.surface(), lemma, pos[0], pos[5]))
        lemma_parts.append(lemma)
        lemma_token.extend([idx] * len(lemma))
    return Tokenized(
        text=text,
        surface=fold(text),
        tokens=tuple(tokens),
        lemma="".join(lemma_parts),
        lemma_token=tuple(lemma_token),
    )


def split_a(surface: str) -> list[str]:
    """Split one compound into its mode-A parts (dictionary forms), for the rare detector
    that needs a compound's parts rather than the whole."""
    morphemes = tokenizer().tokenize(surface, SplitMode.C)
    parts: list[str] = []
    for m in morphemes:
        pieces = list(m.split(SplitMode.A)) or [m]
        parts.extend(fold(p.dictionary_form()) for p in pieces)
    return parts
