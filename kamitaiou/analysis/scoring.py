"""Anger and anxiety levels (0–3) from lexicon cues, typographic cues, labels and structure.

Points are summed, then mapped to a level: 0 → 0, 1 → 1, 2–3 → 2, ≥ 4 → 3. Some cues and
labels also force a minimum level (a *floor*): カスハラ labels (abuse, intimidation,
violence_threat, dogeza_demand) → 3; legal_threat, damages_claim, sns_exposure,
escalate_to_manager and prolonged_binding (a sit-in) → 2; lexicon entries may carry
``floor=N`` (e.g. ふざけるな → 3).

Anger points:
- emotion lexicon entries (``target=anger``), each entry counted once, with its weight;
- each threat / escalation / sit-in label: +2; complaint demands (refund, replacement, visit,
  compensation, cancel) or bad timing: +1 in total — unless the customer admits their own
  mistake (``customer_mistake``), which lowers the temperature;
- a command form (命令形, e.g. 返せ / 来い / 出せ — not the polite ください / なさい): +1;
- ！！ runs, ?! / ？？, angry emoji: +1 each kind (angry emoji up to +2); repetition: +1;
- urgency words (至急, 今すぐ…) +1 when a demand or other anger is present and no cushion
  (恐れ入りますが, 幸いです…) softens them. Politeness never *subtracts* anger
  (「大変失望いたしました」 stays ≥ 1);
- thanks with no problem label: −1.

Anxiety points: emotion lexicon entries (``target=anxiety``) plus anxious emoji (+1).
"""

from __future__ import annotations

from kamitaiou.analysis.cues import Cues
from kamitaiou.analysis.detect import EmotionHit
from kamitaiou.analysis.model import BACKGROUND_LABELS, Label
from kamitaiou.analysis.tokens import Tokenized

_FLOOR3 = frozenset({Label.ABUSE, Label.INTIMIDATION, Label.VIOLENCE_THREAT, Label.DOGEZA_DEMAND})
_FLOOR2 = frozenset(
    {
        Label.LEGAL_THREAT,
        Label.DAMAGES_CLAIM,
        Label.SNS_EXPOSURE,
        Label.ESCALATE_TO_MANAGER,
        Label.PROLONGED_BINDING,
    }
)
_COMPLAINT_DEMANDS = frozenset(
    {
        Label.REFUND,
        Label.REPLACEMENT,
        Label.VISIT,
        Label.COMPENSATION,
        Label.CANCEL,
        Label.BAD_TIMING,
    }
)
_POLITE_IMPERATIVES = frozenset(
    {"くださる", "下さる", "なさる", "いらっしゃる", "くれる", "ござる"}
)


def label_floor(labels: set[Label]) -> int:
    """The anger level the labels alone imply (カスハラ → 3, threats / escalation → 2)."""
    if not labels.isdisjoint(_FLOOR3):
        return 3
    return 2 if not labels.isdisjoint(_FLOOR2) else 0


def level(points: int) -> int:
    """Map summed points to a 0–3 level."""
    if points <= 0:
        return 0
    if points == 1:
        return 1
    return 2 if points <= 3 else 3


def _has_command(tok: Tokenized) -> bool:
    lemmas = tok.lemmas
    return any(lemmas[i] not in _POLITE_IMPERATIVES for i in tok.commands)


def repetitions(tok: Tokenized) -> int:
    """Content words (two characters or more, not kana-only) said more than once."""
    # ASCII and kana-only function words are skipped (``tok.content``, flagged once per
    # dictionary word at tokenisation); every occurrence after the first counts.
    content = tok.content
    return len(content) - len(set(content))


def score_anger(
    *,
    labels: set[Label],
    emotions: list[EmotionHit],
    cues: Cues,
    tok: Tokenized,
    urgency: bool,
    cushion: bool,
    thanks: bool,
) -> int:
    """Anger level 0–3 (rules in the module docstring)."""
    points, floor = _emotion_points(emotions, "anger")
    if labels:
        if not labels.isdisjoint(_FLOOR3):
            floor = 3
        threat_labels = labels & _FLOOR2
        if threat_labels:
            floor = max(floor, 2)
            points += 2 * len(threat_labels)
        if not labels.isdisjoint(_COMPLAINT_DEMANDS) and Label.CUSTOMER_MISTAKE not in labels:
            points += 1
    if tok.commands and _has_command(tok):
        points += 1
    if cues.exclamation_runs:
        points += 1
    if cues.question_runs:
        points += 1
    if cues.angry_emoji:
        points += min(cues.angry_emoji, 2)
    content = tok.content
    if len(content) != len(set(content)):  # repetitions(tok) >= 1
        points += 1
    if urgency and not cushion and (points > 0 or not labels <= BACKGROUND_LABELS):
        points += 1
    if thanks and labels <= BACKGROUND_LABELS:
        points -= 1
    return max(level(points), floor)


def score_anxiety(*, emotions: list[EmotionHit], cues: Cues) -> int:
    """Anxiety level 0–3 from anxiety cues (rules in the module docstring)."""
    points, floor = _emotion_points(emotions, "anxiety")
    if cues.anxious_emoji:
        points += 1
    return max(level(points), floor)


def _emotion_points(emotions: list[EmotionHit], target: str) -> tuple[int, int]:
    """Summed weight and highest floor of the emotion cues of one target (one pass)."""
    points = 0
    floor = 0
    for hit in emotions:
        if hit.target == target:
            points += hit.weight
            floor = max(floor, hit.floor)
    return points, floor
