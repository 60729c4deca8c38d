"""Intensity cues counted on the RAW text, before normalisation removes some of them."""

from __future__ import annotations

import re
from typing import NamedTuple

_EXCLAIM_RUN = re.compile(r"[!！]{2,}")
_QUESTION_RUN = re.compile(r"[?？]{2,}|[!！][?？]|[?？][!！]")
_STRETCH = re.compile(r"[ーｰ〜～~]{2,}|[ぁぃぅぇぉっァィゥェォッ]{2,}")
_LAUGH = re.compile(r"[wWｗＷ]{2,}|(?<![a-zA-Zａ-ｚＡ-Ｚ])[wWｗＷ](?![a-zA-Zａ-ｚＡ-Ｚ])|笑")
ANGRY_EMOJI = frozenset("😡🤬💢👊🖕😠😤👿")
SAD_EMOJI = frozenset("😢😭😰😥😨😱🥺😟😞")
_LAUGH_CHARS = frozenset("wWｗＷ笑")


class Cues(NamedTuple):
    """Counts of typographic intensity cues in one raw message."""

    exclamation_runs: int
    exclamations: int
    question_runs: int
    stretches: int
    laughs: int
    angry_emoji: int
    anxious_emoji: int


def count_cues(raw: str) -> Cues:
    """Count ！/？ runs, ー/〜 stretching, ｗ and emoji on the raw text.

    (Repetition — the same word said twice, 土下座だ、土下座 — is counted on the tokens,
    see :func:`kamitaiou.analysis.scoring.repetitions`.)
    """
    exclamations = raw.count("!") + raw.count("！")
    # Cheap guards first (C-level scans): most messages have no ！/？, no w and no emoji.
    marks = exclamations or "?" in raw or "？" in raw
    astral = raw and max(raw) > "\uffff"  # every cue emoji is outside the BMP
    return Cues(
        exclamation_runs=len(_EXCLAIM_RUN.findall(raw)) if exclamations > 1 else 0,
        exclamations=exclamations,
        question_runs=len(_QUESTION_RUN.findall(raw)) if marks else 0,
        stretches=len(_STRETCH.findall(raw)),
        laughs=len(_LAUGH.findall(raw)) if _LAUGH_CHARS.intersection(raw) else 0,
        angry_emoji=sum(raw.count(ch) for ch in ANGRY_EMOJI.intersection(raw)) if astral else 0,
        anxious_emoji=sum(raw.count(ch) for ch in SAD_EMOJI.intersection(raw)) if astral else 0,
    )
