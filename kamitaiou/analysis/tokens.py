"""SudachiPy tokenisation (mode C, once per text) and the folded strings detectors match on.

The Sudachi dictionary is loaded once per process, lazily, behind a lock; each thread
gets its own tokenizer over it (a Sudachi tokenizer is not thread-safe). A
:class:`Tokenized` text carries two searchable strings over the normalised text:

- ``surface``: the normalised text with katakana folded to hiragana (same length, so
  offsets are the normalised offsets);
- ``lemma``: the concatenation of every token's lemma (``dictionary_form()``; for
  katakana/latin loanwords ``normalized_form()``, which folds spelling variants), folded
  the same way. ``lemma_starts[i]`` is where token ``i``'s lemma starts, so a lemma match
  maps back to whole tokens of the normalised text (:meth:`Tokenized.lemma_span`).

Matching a verb's dictionary form in ``lemma`` covers all its conjugations
(訴える ← 訴えます/訴えろ/訴えてやる); matching inside a mode-C compound's lemma covers its
parts (賠償 inside 損害賠償), which is why mode A is rarely needed: :func:`split_a`
is there for the few detectors that care about a compound's parts.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from sudachipy import (  # type: ignore[import-untyped]
    Dictionary,
    Morpheme,
    MorphemeList,
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


class Tokenized(NamedTuple):
    """Tokens of a normalised text and the folded strings detectors search.

    Tokens are kept as parallel tuples (cheaper than one object per token): token ``i``
    spans ``text[starts[i]:ends[i]]`` and its lemma starts at ``lemma_starts[i]`` in
    ``lemma``; ``commands`` lists the tokens that are a command form (命令形).
    (A NamedTuple rather than a frozen dataclass: it is built for every message, and
    constructing a frozen dataclass costs several times more.)
    """

    text: str
    surface: str
    lemma: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    lemma_starts: tuple[int, ...]
    lemmas: tuple[str, ...]
    commands: tuple[int, ...]

    def lemma_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``lemma`` to the normalised-text span of the tokens it covers."""
        first = bisect_right(self.lemma_starts, start) - 1
        last = bisect_right(self.lemma_starts, max(start, end - 1)) - 1
        return (self.starts[first], self.ends[last])


def _is_loanword(text: str) -> bool:
    return all(("\u30a0" <= c <= "\u30ff") or c.isascii() for c in text)


class _Loaded(NamedTuple):
    dictionary: Dictionary
    imperative_ids: frozenset[int]


class _TokenInfo(NamedTuple):
    lemma: str  # dictionary_form(), or normalized_form() for a loanword
    folded: str  # fold(lemma)
    command: bool  # a command form (命令形)


_LOADED: _Loaded | None = None
# A Sudachi Tokenizer must not be used by two threads at once (SudachiError), so each
# thread gets its own over the one shared dictionary, with a reusable MorphemeList.
_LOCAL = threading.local()
# What a token contributes depends only on its dictionary entry (word_id; for an
# out-of-vocabulary token the id encodes its part of speech) and its surface: Sudachi's
# dictionary_form() is the entry's dictionary form, or the (normalised) surface itself.
# Tokens repeat a lot (の, に, ます…), so one cached lookup replaces three calls into
# Sudachi per token. Bounded: cleared when full, to keep memory flat.
_INFO_CACHE: dict[tuple[int, str], _TokenInfo] = {}
_INFO_CACHE_MAX = 20_000


def _load() -> _Loaded:
    """The dictionary and the ids of the command-form (命令形) parts of speech, loaded once."""
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
                _LOADED = _Loaded(dictionary, frozenset(imperative))
    return _LOADED


def _thread_tokenizer() -> tuple[Tokenizer, MorphemeList]:
    state: tuple[Tokenizer, MorphemeList] | None = getattr(_LOCAL, "state", None)
    if state is None:
        tok = _load().dictionary.tokenizer(mode=SplitMode.C)
        state = (tok, tok.tokenize(""))
        _LOCAL.state = state
    return state


def tokenizer() -> Tokenizer:
    """Return this thread's Sudachi tokenizer (core dictionary, mode C; loaded once)."""
    return _thread_tokenizer()[0]


def _token_info(morpheme: Morpheme) -> _TokenInfo:
    lemma = morpheme.dictionary_form()
    if lemma and ("\u30a0" <= lemma < "\u3100" or lemma.isascii()) and _is_loanword(lemma):
        lemma = morpheme.normalized_form()
    command = morpheme.part_of_speech_id() in _load().imperative_ids
    return _TokenInfo(lemma, fold(lemma), command)


def _infos(morphemes: MorphemeList) -> tuple[list[str], list[_TokenInfo]]:
    """Surfaces and per-token information, read from Sudachi once per token."""
    keys = [(m.word_id(), m.surface()) for m in morphemes]
    get = _INFO_CACHE.get
    infos = [get(key) for key in keys]
    if None in infos:
        if len(_INFO_CACHE) >= _INFO_CACHE_MAX:
            _INFO_CACHE.clear()
        for k, info in enumerate(infos):
            if info is None:
                infos[k] = _INFO_CACHE[keys[k]] = _token_info(morphemes[k])
    return [key[1] for key in keys], infos  # type: ignore[return-value]


def tokenize(text: str) -> Tokenized:
    """Tokenise a normalised text once (mode C) and build the folded search strings.

    The lemma of a token is its ``dictionary_form()``; for katakana / latin loanwords it
    is ``normalized_form()``, which folds spelling variants (ﾊﾟｿｺﾝ → パソコン).
    """
    tok, out = _thread_tokenizer()
    morphemes = tok.tokenize(text, out=out)
    surfaces, infos = _infos(morphemes)
    ends = tuple(accumulate(map(len, surfaces)))
    if ends and ends[-1] != len(text):  # surfaces not contiguous: ask Sudachi (never seen)
        ends = tuple(m.end() for m in morphemes)
    lemmas = tuple([info.lemma for info in infos])
    return Tokenized(
        text=text,
        surface=fold(text),
        lemma="".join([info.folded for info in infos]),
        starts=(0, *ends[:-1]) if ends else (),
        ends=ends,
        lemma_starts=tuple(accumulate(map(len, lemmas), initial=0))[:-1],
        lemmas=lemmas,
        commands=tuple([k for k, info in enumerate(infos) if info.command]),
    )


def split_a(surface: str) -> list[str]:
    """Split one compound into its mode-A parts (dictionary forms), for the rare detector
    that needs a compound's parts rather than the whole."""
    morphemes = tokenizer().tokenize(surface)
    parts: list[str] = []
    for m in morphemes:
        pieces = list(m.split(SplitMode.A)) or [m]
        parts.extend(fold(p.dictionary_form()) for p in pieces)
    return parts
