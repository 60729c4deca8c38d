"""The one place that turns a code (a stage, an analyzer label, an ending …) into what a
person reads. Templates use the ``label`` filter (``{{ case.stage|label:"stage" }}``),
Python calls ``label(vocabulary, code)``.

Japanese comes from the pure core (``kamitaiou.method`` / ``kamitaiou.analysis``), where
the practitioners' wording lives; English, for the language switch, is kept here
(``labels_en``). A code nobody knows is shown as 「不明（code）」 — never bare.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kamitaiou.analysis.display import LABEL_JA, NEXT_STEP_JA
from kamitaiou.cases import labels_en as en
from kamitaiou.method.assessment import LEVEL_LABELS_JA, AssessmentDecision
from kamitaiou.method.background import BACKGROUND_LABELS_JA
from kamitaiou.method.escalation import CHANNEL_LABELS_JA, ESCALATION_LABELS_JA
from kamitaiou.method.facts import (
    ATTRIBUTION_LABELS_JA,
    ROLE_LABELS_JA,
    SCOPE_QUESTION_LABELS_JA,
)
from kamitaiou.method.followups.kinds import FOLLOW_UP_KIND_LABELS_JA
from kamitaiou.method.followups.sla import SlaClockName
from kamitaiou.method.guidance import STAGE_GUIDANCE_JA
from kamitaiou.method.harassment import HARASSMENT_LABELS_JA
from kamitaiou.method.outcome import ENDING_LABELS_JA, IMPACT_LABELS_JA
from kamitaiou.method.person_time_place import TIME_OUT_REASON_LABELS_JA
from kamitaiou.method.stages import CASE_KIND_LABELS_JA, STAGE_LABELS_JA, CaseKind, Stage


def _str_keys(mapping: Mapping[Any, str]) -> dict[str, str]:
    return {str(key): value for key, value in mapping.items()}


#: vocabulary → code → Japanese label.
JA: dict[str, dict[str, str]] = {
    "stage": _str_keys(STAGE_LABELS_JA),
    "kind": _str_keys(CASE_KIND_LABELS_JA),
    "label": _str_keys(LABEL_JA) | _str_keys(HARASSMENT_LABELS_JA),
    "harassment": _str_keys(HARASSMENT_LABELS_JA),
    "next_step": _str_keys(NEXT_STEP_JA),
    "decision": {d.value: d.label_ja for d in AssessmentDecision},
    "level": _str_keys(LEVEL_LABELS_JA),
    "ending": _str_keys(ENDING_LABELS_JA),
    "impact": _str_keys(IMPACT_LABELS_JA),
    "attribution": _str_keys(ATTRIBUTION_LABELS_JA),
    "scope_question": _str_keys(SCOPE_QUESTION_LABELS_JA),
    "escalation": _str_keys(ESCALATION_LABELS_JA),
    "followup_kind": _str_keys(FOLLOW_UP_KIND_LABELS_JA),
    "sla_clock": {c.value: c.label_ja for c in SlaClockName},
    "time_out_reason": _str_keys(TIME_OUT_REASON_LABELS_JA),
    "background": _str_keys(BACKGROUND_LABELS_JA),
    "role": _str_keys(ROLE_LABELS_JA),
    "channel": _str_keys(CHANNEL_LABELS_JA),
}


def _english() -> bool:
    return (get_language() or "ja").split("-")[0] == "en"


def label(vocabulary: str, code: Any) -> str:
    """What a person reads for ``code`` of ``vocabulary`` in the active language."""
    text = "" if code is None else str(code)
    if not text:
        return ""
    if _english():
        found = en.LABELS.get(vocabulary, {}).get(text)
        if found:
            return found
    found = JA.get(vocabulary, {}).get(text)
    if found:
        return found
    return _("unknown (%(code)s)") % {"code": text}


def labels(vocabulary: str, codes: Any, *, sep: str = "・") -> str:
    """Several codes of one vocabulary, joined."""
    return sep.join(label(vocabulary, code) for code in codes or ())


def stage_label(stage: Any) -> str:
    """The name of a stage in the active language."""
    return label("stage", stage)


def guidance(kind: CaseKind, stage: Stage) -> str:
    """What to do now in ``stage`` of a ``kind`` case (§5–§10), in the active language."""
    if _english():
        found = en.GUIDANCE.get((kind.value, stage.value))
        if found:
            return found
    return STAGE_GUIDANCE_JA[(kind, stage)]


def transition_label(action: str, fallback_ja: str) -> str:
    """The label of a move button (the method's own Japanese wording unless in English)."""
    if _english():
        return en.TRANSITIONS.get(action, fallback_ja)
    return fallback_ja


def fact_label(name: str, fallback_ja: str) -> str:
    """The label of a recorded fact of the method panel."""
    if _english():
        return en.FACTS.get(name, fallback_ja)
    return fallback_ja


def vocabulary_codes() -> dict[str, set[str]]:
    """Every code of every vocabulary (for tests that look for codes leaking out)."""
    return {name: set(codes) for name, codes in JA.items()}
