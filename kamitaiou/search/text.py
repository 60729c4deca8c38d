"""Japanese text made searchable — pure Python, no Django (decision 0016).

Both sides — what is indexed and what is typed — are folded the same way, character by
character with a map back to the original, so a hit can be highlighted where it is:

- NFKC: ﾊﾟｿｺﾝ → パソコン, ＡＢＣ１２３ → ABC123, ㈱ → (株);
- hiragana → katakana (readings are typed both ways), case-folded;
- a small map of variant kanji (異体字) seen in names: 髙 → 高, 﨑 → 崎, 邉 → 辺 …;
- a hyphen between digits is dropped, so 03-1234-5678 and 0312345678 are one number;
- any run of spaces is one space.

A folded text is indexed as its character bigrams (in order, so a run of bigrams is an
exact substring) and its unigrams (so a one-character term such as 金 hits the index).
Tokens are spelled in hexadecimal code points, so any database tokeniser (SQLite FTS5
``unicode61``, PostgreSQL ``tsvector``) keeps each one whole, whatever the character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Variant kanji (異体字) folded to their common form; names are where they matter.
ITAIJI = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "邉": "辺",
    "邊": "辺",
    "濵": "浜",
    "濱": "浜",
    "澤": "沢",
    "齋": "斎",
    "齊": "斉",
    "國": "国",
    "嶋": "島",
    "嶌": "島",
    "櫻": "桜",
    "廣": "広",
    "冨": "富",
    "惠": "恵",
    "榮": "栄",
    "眞": "真",
    "實": "実",
    "藏": "蔵",
    "德": "徳",
    "槇": "槙",
    "曾": "曽",
    "桒": "桑",
    "𠮷": "吉",
    "龍": "竜",
    "壽": "寿",
    "瀨": "瀬",
    "圓": "円",
    "淺": "浅",
}

_HIRAGANA_START, _HIRAGANA_END = ord("ぁ"), ord("ゖ")
_VOICING = {"\uff9e", "\uff9f", "\u3099", "\u309a", "\u309b", "\u309c"}
_DASHES = set("-‐‑‒–—―−ｰー－")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _fold_piece(piece: str) -> str:
    out = []
    for char in unicodedata.normalize("NFKC", piece):
        code = ord(char)
        kana = _HIRAGANA_START <= code <= _HIRAGANA_END or char in "ゝゞ"
        folded = chr(code + 0x60) if kana else char
        out.append(ITAIJI.get(folded, folded))
    return "".join(out).casefold()


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the span of the original it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind ``text[start:end]`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


def fold_with_map(text: str) -> Folded:
    """``text`` folded for matching, with the map back to the original characters."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        # ﾊ + ﾟ is one character once composed: fold them together.
        while j < n and text[j] in _VOICING:
            j += 1
        piece = text[i:j]
        if piece.isspace() or _CONTROL.match(piece):
            if chars and chars[-1] != " ":
                chars.append(" ")
                starts.append(i)
                ends.append(j)
            i = j
            continue
        for char in _fold_piece(piece):
            if char.isspace():
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    starts.append(i)
                    ends.append(j)
                continue
            chars.append(char)
            starts.append(i)
            ends.append(j)
        i = j
    # A dash between two digits goes (phone numbers with or without hyphens).
    keep = [
        not (
            chars[k] in _DASHES
            and 0 < k < len(chars) - 1
            and chars[k - 1].isdigit()
            and _next_digit(chars, k)
        )
        for k in range(len(chars))
    ]
    kept = [k for k in range(len(chars)) if keep[k]]
    if kept and chars[kept[-1]] == " ":
        kept.pop()
    return Folded(
        text="".join(chars[k] for k in kept),
        starts=tuple(starts[k] for k in kept),
        ends=tuple(ends[k] for k in kept),
    )


def _next_digit(chars: list[str], k: int) -> bool:
    rest = k + 1
    while rest < len(chars) and chars[rest] in _DASHES:
        rest += 1
    return rest < len(chars) and chars[rest].isdigit()


def fold(text: str) -> str:
    """``text`` folded for matching (see the module's docstring)."""
    return fold_with_map(text).text


def _hex(char: str) -> str:
    code = ord(char)
    # Outside the BMP the code point is longer: the "z" keeps two tokens from colliding.
    return f"{code:04x}" if code <= 0xFFFF else f"z{code:06x}"


def bigrams(folded: str) -> list[str]:
    """The bigram tokens of a folded text, in order (a one-character text has none)."""
    codes = [_hex(char) for char in folded]
    return [codes[k] + codes[k + 1] for k in range(len(codes) - 1)]


def unigrams(folded: str) -> list[str]:
    """The distinct unigram tokens of a folded text, in order of first appearance."""
    return list(dict.fromkeys(_hex(char) for char in folded if char != " "))


def term_tokens(term: str) -> tuple[str, list[str]]:
    """``("uni", [token])`` for a one-character folded term, else ``("bi", bigrams)``."""
    if len(term) == 1:
        return "uni", [_hex(term)]
    return "bi", bigrams(term)


# --- queries -----------------------------------------------------------------------

#: A query longer than this (characters, as typed) is refused with a message.
MAX_QUERY = 200
#: At most this many words and phrases count; more are refused with a message.
MAX_TERMS = 8


class QueryError(ValueError):
    """The query cannot be searched; ``code`` says why (the view words the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})


@dataclass(frozen=True)
class Query:
    """What was asked: folded terms, every one of which must match (a phrase is one term)."""

    terms: tuple[str, ...]
    phrases: tuple[str, ...]

    @property
    def all_terms(self) -> tuple[str, ...]:
        return self.terms + self.phrases


def parse_query(raw: str) -> Query:
    """Words (split on any space) and "quoted phrases" of ``raw``, folded.

    Raises ``QueryError`` with ``"empty"`` (nothing to search, e.g. only quotes),
    ``"too_long"`` (over ``MAX_QUERY`` characters) or ``"too_many"`` (over
    ``MAX_TERMS`` terms). Control characters (NUL included) count as spaces; 「」 and
    full-width quotes are quotes too; an unclosed quote runs to the end."""
    if len(raw) > MAX_QUERY:
        raise QueryError("too_long")
    cleaned = _CONTROL.sub(" ", raw.replace("\x00", " ")).translate(_QUOTES)
    words: list[str] = []
    phrases: list[str] = []
    for index, part in enumerate(cleaned.split('"')):
        if index % 2:
            phrase = fold(part)
            if phrase:
                phrases.append(phrase)
        else:
            words.extend(word for word in (fold(w) for w in part.split()) if word)
    unique_words = tuple(dict.fromkeys(words))
    unique_phrases = tuple(dict.fromkeys(p for p in phrases if p not in unique_words))
    if not unique_words and not unique_phrases:
        raise QueryError("empty")
    if len(unique_words) + len(unique_phrases) > MAX_TERMS:
        raise QueryError("too_many")
    return Query(terms=unique_words, phrases=unique_phrases)


# --- highlighting --------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A piece of a snippet: plain text, or a hit to be marked. Escaping is the template's."""

    text: str
    hit: bool = False


def hit_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of ``text`` (the original) where a folded term occurs, merged, in order."""
    folded = fold_with_map(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.text.find(term)
        while start >= 0 and term:
            spans.append(folded.source_span(start, start + len(term)))
            start = folded.text.find(term, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, terms: tuple[str, ...], *, before: int = 30, width: int = 120) -> list[Part]:
    """A window of ``text`` around its first hit, as parts with the hits marked.

    Without a hit the window is the start of the text. Line breaks become spaces."""
    spans = hit_spans(text, terms)
    begin = max(0, spans[0][0] - before) if spans else 0
    end = min(len(text), begin + width)
    parts: list[Part] = []
    if begin > 0:
        parts.append(Part("…"))
    cursor = begin
    for hit_start, hit_stop in spans:
        if hit_stop <= begin or hit_start >= end:
            continue
        start, stop = max(hit_start, begin), min(hit_stop, end)
        if start > cursor:
            parts.append(Part(_flat(text[cursor:start])))
        parts.append(Part(_flat(text[start:stop]), hit=True))
        cursor = stop
    if cursor < end:
        parts.append(Part(_flat(text[cursor:end])))
    if end < len(text):
        parts.append(Part("…"))
    return parts


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)
