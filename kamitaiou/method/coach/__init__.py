"""The reply coach: check a draft against the case's stage, offer the method's moves.

``check_draft`` returns ``Finding``s (code, severity, span, reason citing METHOD.md,
suggestion, mechanical replacement); ``suggest_drafts`` fills the method's model replies
with the case's facts; ``findings_digest`` / ``overridden`` support the record. Pure
Python: phrase lists and templates are TOML data, no Django. See ``docs/coach.md``.
"""

from __future__ import annotations

from kamitaiou.method.coach.check import CoachInputError, check_draft
from kamitaiou.method.coach.drafts import (
    Draft,
    DraftKind,
    load_templates,
    offered_kinds,
    render_letter,
    suggest_drafts,
)
from kamitaiou.method.coach.evaluation import EvalReport, evaluate
from kamitaiou.method.coach.letter import DraftFacts
from kamitaiou.method.coach.model import (
    DEFAULT,
    CoachContext,
    CoachSettings,
    Finding,
    FindingCode,
    Severity,
    apply_replacements,
    findings_digest,
    overridden,
)
from kamitaiou.method.coach.phrasebook import PhrasebookError, load_phrasebook

__all__ = [
    "DEFAULT",
    "CoachContext",
    "CoachInputError",
    "CoachSettings",
    "Draft",
    "DraftFacts",
    "DraftKind",
    "EvalReport",
    "Finding",
    "FindingCode",
    "PhrasebookError",
    "Severity",
    "apply_replacements",
    "check_draft",
    "evaluate",
    "findings_digest",
    "load_phrasebook",
    "load_templates",
    "offered_kinds",
    "overridden",
    "render_letter",
    "suggest_drafts",
]
