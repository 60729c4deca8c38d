"""Small text helpers: sentences with offsets, clause starts, spoken length."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。！!？?\n]+[。！!？?]*|[。！!？?]+")
_CLAUSE_BREAK = "。、，,！!？?\n「」『』（）()"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the draft: ``draft[start:end]`` is ``text`` (stripped of spaces)."""

    start: int
    end: int
    text: str

    @property
    def is_question(self) -> bool:
        """True when the sentence ends with a question mark."""
        return self.text.endswith(("?", "？"))


def sentences(draft: str) -> list[Sentence]:
    """Split ``draft`` into sentences at 。！？ and line breaks, keeping offsets."""
    found: list[Sentence] = []
    for match in _SENTENCE.finditer(draft):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(start=start, end=start + len(stripped), text=stripped))
    return found


def clause_start(draft: str, pos: int, *, floor: int = 0) -> int:
    """Return where the clause containing ``pos`` begins (after 。、「 …), not before ``floor``."""
    start = pos
    while start > floor and draft[start - 1] not in _CLAUSE_BREAK:
        start -= 1
    while start < pos and draft[start].isspace():
        start += 1
    return start


def spoken_length(text: str) -> int:
    """Count the characters that are spoken: letters and digits, not punctuation or spaces."""
    return sum(1 for ch in text if unicodedata.category(ch)[0] in "LN")
