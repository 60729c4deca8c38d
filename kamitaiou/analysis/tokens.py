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

import re
import threading
from bisect import bisect_right
from itertools import accumulate, compress
from typing import NamedTuple, cast

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


# Only these characters change under _FOLD. str.translate looks every character up in
# the table, which is slow for Japanese text; translating just the runs that need it is
# several times cheaper (most text has no or few such runs).
_FOLDABLE = re.compile("[\u30a1-\u30f6A-Z]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def fold(text: str) -> str:
    """Fold katakana to hiragana and ASCII to lower case (length-preserving), so ｶｴｾ,
    カエセ and かえせ (or SNS and sns) match alike."""
    return _FOLDABLE.sub(_fold_run, text)


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
    #: the lemmas of content words (two characters or more, not kana-only or ASCII), in
    #: order, for :func:`kamitaiou.analysis.scoring.repetitions`
    content: tuple[str, ...]

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
    content: bool  # a content word: two characters or more, not kana-only or ASCII


_LOADED: _Loaded | None = None
# A Sudachi Tokenizer must not be used by two threads at once (SudachiError), so each
# thread gets its own over the one shared dictionary, with a reusable MorphemeList.
_LOCAL = threading.local()
# A dictionary word's lemma, normalised form and part of speech depend only on its entry
# (``word_id``): Sudachi's dictionary_form() is the headword of the entry's dictionary
# form, whatever the surface spelling (ＳＮＳ, sns → SNS). Words repeat a lot (の, に,
# ます…), so one int-keyed lookup replaces three calls into Sudachi per token.
# Out-of-vocabulary tokens (word_id >= _OOV_IDS; the id only encodes a part of speech)
# take their lemma from the surface, so they are never cached. Bounded: cleared when full.
_INFO_CACHE: dict[int, _TokenInfo] = {}
_INFO_CACHE_MAX = 50_000
_OOV_IDS = 0xF000_0000


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
    return _TokenInfo(lemma, fold(lemma), command, len(lemma) >= 2 and lemma >= "\u3100")


_WORD_ID = Morpheme.word_id
_END = Morpheme.end
# Out-of-vocabulary tokens (emoji, numbers, unknown katakana…): their word id only encodes
# a part of speech, and their lemma and normalised form come from the surface, so they
# are cached by (word id, surface) — emoji and numbers repeat as much as words do.
_OOV_CACHE: dict[tuple[int, str], _TokenInfo] = {}


def _fill(
    cached: list[_TokenInfo | None],
    word_ids: list[int],
    morphemes: list[Morpheme],
    text: str,
    ends: tuple[int, ...],
) -> list[_TokenInfo]:
    """Complete the cache misses (and cache them: by word id, or by word id and surface
    for out-of-vocabulary tokens)."""
    if len(_INFO_CACHE) >= _INFO_CACHE_MAX:
        _INFO_CACHE.clear()
    if len(_OOV_CACHE) >= _INFO_CACHE_MAX:
        _OOV_CACHE.clear()
    infos: list[_TokenInfo] = []
    for i, hit in enumerate(cached):
        info = hit
        if info is None:
            word_id = word_ids[i]
            if word_id < _OOV_IDS:
                info = _INFO_CACHE[word_id] = _token_info(morphemes[i])
            else:
                key = (word_id, text[ends[i - 1] if i else 0 : ends[i]])
                info = _OOV_CACHE.get(key)
                if info is None:
                    info = _OOV_CACHE[key] = _token_info(morphemes[i])
        infos.append(info)
    return infos


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


def _infos(
    tok: Tokenizer, out: MorphemeList, text: str
) -> tuple[tuple[int, ...], list[_TokenInfo]]:
    """Token ends and infos of one piece of text (small enough for Sudachi)."""
    morphemes = list(tok.tokenize(text, out=out))
    word_ids = list(map(_WORD_ID, morphemes))
    ends = tuple(map(_END, morphemes))
    cached = list(map(_INFO_CACHE.get, word_ids))
    if None in cached:
        return ends, _fill(cached, word_ids, morphemes, text, ends)
    return ends, cast("list[_TokenInfo]", cached)


def tokenize(text: str) -> Tokenized:
    """Tokenise a normalised text once (mode C) and build the folded search strings.

    The lemma of a token is its ``dictionary_form()``; for katakana / latin loanwords it
    is ``normalized_form()``, which folds spelling variants (ﾊﾟｿｺﾝ → パソコン).
    Every call into Sudachi per token is costly (a bound-method call through PyO3), so
    only ``end`` and ``word_id`` are read, through unbound methods mapped in C; the rest
    comes from the info caches.
    """
    tok, out = _thread_tokenizer()
    if len(text) * 4 <= MAX_PIECE_BYTES:  # one piece (almost every message)
        ends, infos = _infos(tok, out, text)
    else:
        all_ends: list[int] = []
        infos = []
        for offset, piece in _pieces(text):
            # ``out`` is reused by the next piece: everything is read from this one first.
            piece_ends, piece_infos = _infos(tok, out, piece)
            all_ends.extend(offset + end for end in piece_ends)
            infos.extend(piece_infos)
        ends = tuple(all_ends)
    if not infos:
        return Tokenized(text, fold(text), "", (), (), (), (), (), ())
    lemmas, folded, commands, content = zip(*infos, strict=True)
    return Tokenized(
        text,
        fold(text),
        "".join(folded),
        (0, *ends[:-1]),
        ends,
        tuple(accumulate(map(len, lemmas), initial=0))[:-1],
        lemmas,
        tuple(compress(range(len(infos)), commands)),
        tuple(compress(lemmas, content)),
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
