"""Intensity cues counted on the RAW text, before normalisation removes some of them."""

from __future__ import annotations

import re
from typing import NamedTuple

# Each pattern starts with a character class, so the regex engine skips to candidate
# characters in C instead of trying an alternation at every position.
_EXCLAIM_RUN = re.compile(r"[!！][!！]+")
_QUESTION_RUN = re.compile(r"[?？]{2,}|[!！][?？]|[?？][!！]")
# A run of two or more of the same class: ー/〜 stretching, or small kana (っっ, ぁぁ).
_STRETCH = re.compile(
    r"[ーｰ〜～~ぁぃぅぇぉっァィゥェォッ]"
    r"(?:(?<=[ーｰ〜～~])[ーｰ〜～~]+|(?<=[ぁぃぅぇぉっァィゥェォッ])[ぁぃぅぇぉっァィゥェォッ]+)"
)
_LAUGH = re.compile(r"[wWｗＷ]{2,}|(?<![a-zA-Zａ-ｚＡ-Ｚ])[wWｗＷ](?![a-zA-Zａ-ｚＡ-Ｚ])|笑")
_LAUGH_HINT = re.compile(r"[wWｗＷ笑]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # every cue emoji is outside the BMP
ANGRY_EMOJI = frozenset("😡🤬💢👊🖕😠😤👿")
SAD_EMOJI = frozenset("😢😭😰😥😨😱🥺😟😞")


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
    # Cheap guards first (C-level scans): most messages have no ？, no w and no emoji.
    question = "?" in raw or "？" in raw
    astral = _ASTRAL.search(raw) is not None
    # Positional (a NamedTuple built with keywords costs noticeably more), in field order:
    # exclamation_runs, exclamations, question_runs, stretches, laughs, angry_emoji,
    # anxious_emoji.
    return Cues(
        len(_EXCLAIM_RUN.findall(raw)) if exclamations > 1 else 0,
        exclamations,
        len(_QUESTION_RUN.findall(raw)) if question else 0,
        len(_STRETCH.findall(raw)),
        len(_LAUGH.findall(raw)) if _LAUGH_HINT.search(raw) else 0,
        sum(raw.count(ch) for ch in ANGRY_EMOJI.intersection(raw)) if astral else 0,
        sum(raw.count(ch) for ch in SAD_EMOJI.intersection(raw)) if astral else 0,
    )
