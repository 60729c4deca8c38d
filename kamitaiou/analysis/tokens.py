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
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from sudachipy import (  # type: ignore[import-untyped]
    Dictionary,
    SplitMode,
    Tokenizer,
)

_KATA_TO_HIRA = {cp: cp - 0x60 for cp in range(0x30A1, 0x30F7)}
_FOLD = {**_KATA_TO_HIRA, **{cp: cp + 0x20 for cp in range(0x41, 0x5B)}}
_LOCK = threading.Lock()


def fold(text: str) -> str:
    """Fold katakana to hiragana and ASCII to lower case (length-preserving), so ｶｴｾ,
    カエセ and かえせ (or SNS and sns) match alike."""
    return text.translate(_FOLD)


def fold_pattern(pattern: str) -> str:
    """Fold the katakana of a lexicon pattern (ASCII is left alone: write it lower case)."""
    return pattern.translate(_KATA_TO_HIRA)


@dataclass(frozen=True, slots=True)
class Tokenized:
    """Tokens of a normalised text and the folded strings detectors search.

    Tokens are kept as parallel tuples (cheaper than one object per token): token ``i``
    spans ``text[starts[i]:ends[i]]``, its lemma starts at ``lemma_starts[i]`` in
    ``lemma``, and ``imperative[i]`` says whether it is a plain command form (命令形).
    """

    text: str
    surface: str
    lemma: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lemma_starts: tuple[int, ...]
    lemmas: tuple[str, ...]
    imperative: tuple[bool, ...]

    def lemma_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``lemma`` to the normalised-text span of the tokens it covers."""
        first = bisect_right(self.lemma_starts, start) - 1
        last = bisect_right(self.lemma_starts, max(start, end - 1)) - 1
        return (self.starts[first], self.ends[last])


def _is_loanword(text: str) -> bool:
    return all(("\u30a0" <= c <= "\u30ff") or c.isascii() for c in text)


_LOADED: tuple[Tokenizer, frozenset[int]] | None = None


def _load() -> tuple[Tokenizer, frozenset[int]]:
    """The tokenizer and the ids of the command-form (命令形) parts of speech, loaded once."""
    global _LOADED  # noqa: PLW0603 - a lazy process-wide singleton on purpose
    if _LOADED is None:
        with _LOCK:
            if _LOADED is None:
                dictionary = Dictionary(dict="core")
                imperative: set[int] = set()
                pos_id = 0
                while (pos := dictionary.pos_of(pos_id)) is not None:
                    if pos[5].startswith("命令形"):
                        imperative.add(pos_id)
                    pos_id += 1
                _LOADED = (dictionary.tokenizer(mode=SplitMode.C), frozenset(imperative))
    return _LOADED


def tokenizer() -> Tokenizer:
    """Return the process-wide Sudachi tokenizer (core dictionary, mode C), loading it once."""
    return _load()[0]


#: Sudachi refuses inputs over 49,149 bytes; long messages are cut into pieces below this,
#: after a sentence end where one is near, so no token straddles a cut in practice.
MAX_PIECE_BYTES = 40_000
_SENTENCE_ENDS = "。！？!?\n"


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs, each piece small enough for Sudachi."""
    if len(text) * 4 <= MAX_PIECE_BYTES or len(text.encode()) <= MAX_PIECE_BYTES:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = start
        size = 0
        while end < len(text) and size + len(text[end].encode()) <= MAX_PIECE_BYTES:
            size += len(text[end].encode())
            end += 1
        if end < len(text):
            cut = max(text.rfind(c, start, end) for c in _SENTENCE_ENDS)
            if cut > start + (end - start) // 2:
                end = cut + 1
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def tokenize(text: str) -> Tokenized:
    """Tokenise a normalised text once (mode C) and build the folded search strings.

    The lemma of a token is its ``dictionary_form()``; for katakana / latin loanwords it
    is ``normalized_form()``, which folds spelling variants (ﾊﾟｿｺﾝ → パソコン).
    """
    tok, imperative_ids = _load()
    ends: list[int] = []
    lemmas: list[str] = []
    imperative: list[bool] = []
    for offset, piece in _pieces(text):
        morphemes = tok.tokenize(piece)
        ends.extend(offset + m.end() for m in morphemes)
        for m in morphemes:
            lemma = m.dictionary_form()
            if lemma and ("\u30a0" <= lemma < "\u3100" or lemma.isascii()) and _is_loanword(lemma):
                lemma = m.normalized_form()
            lemmas.append(lemma)
            imperative.append(m.part_of_speech_id() in imperative_ids)
    lemma_starts = [0, *accumulate(len(lemma) for lemma in lemmas)][:-1] if lemmas else []
    return Tokenized(
        text=text,
        surface=fold(text),
        lemma=fold("".join(lemmas)),
        starts=(0, *ends[:-1]) if ends else (),
        ends=tuple(ends),
        lemma_starts=tuple(lemma_starts),
        lemmas=tuple(lemmas),
        imperative=tuple(imperative),
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
