"""Intensity cues counted on the RAW text, before normalisation removes some of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXCLAIM_RUN = re.compile(r"[!！]{2,}")
_QUESTION_RUN = re.compile(r"[?？]{2,}|[!！][?？]|[?？][!！]")
_STRETCH = re.compile(r"[ーｰ〜～~]{2,}|[ぁぃぅぇぉっァィゥェォッ]{2,}")
_LAUGH = re.compile(r"[wWｗＷ]{2,}|(?<![a-zA-Zａ-ｚＡ-Ｚ])[wWｗＷ](?![a-zA-Zａ-ｚＡ-Ｚ])|笑")
_REPEAT = re.compile(r"(.{2,6}?)[、,!！\s]*\1")
ANGRY_EMOJI = frozenset("😡🤬💢👊🖕😠😤👿")
SAD_EMOJI = frozenset("😢😭😰😥😨😱🥺😟😞")


@dataclass(frozen=True, slots=True)
class Cues:
    """Counts of typographic intensity cues in one raw message."""

    exclamation_runs: int
    exclamations: int
    question_runs: int
    stretches: int
    laughs: int
    angry_emoji: int
    anxious_emoji: int
    repetitions: int


def count_cues(raw: str) -> Cues:
    """Count ！/？ runs, ー/〜 stretching, ｗ, emoji and repetition on the raw text."""
    return Cues(
        exclamation_runs=len(_EXCLAIM_RUN.findall(raw)),
        exclamations=raw.count("!") + raw.count("！"),
        question_runs=len(_QUESTION_RUN.findall(raw)),
        stretches=len(_STRETCH.findall(raw)),
        laughs=len(_LAUGH.findall(raw)),
        angry_emoji=sum(1 for ch in raw if ch in ANGRY_EMOJI),
        anxious_emoji=sum(1 for ch in raw if ch in SAD_EMOJI),
        repetitions=sum(1 for m in _REPEAT.finditer(raw) if not m.group(1).isspace()),
    )
