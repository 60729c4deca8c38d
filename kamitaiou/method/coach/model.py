"""What the reply coach returns: findings, and what it needs to know about the case.

A ``Finding`` points at a span of the draft (``draft[start:end]`` is the evidence),
says which rule of METHOD.md it breaks (``reason_ja``) and what to write instead
(``suggestion_ja``, and ``replacement`` when the rewrite is mechanical). The record
helpers (``findings_digest``, ``overridden``) let the Django side store what was shown
with an outbound interaction and which findings the writer chose to override.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar


class Severity(StrEnum):
    """How strongly the coach objects."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class FindingCode(StrEnum):
    """Every rule the coach checks. The value is stored with the interaction."""

    # §5.1 / §7-1: accept 100% — no denial, excuse or rule-quoting while calming
    PARTIAL_DENIAL = "partial_denial"
    EXCUSE = "excuse"
    PREMATURE_RULE = "premature_rule"
    # §9.5, §5.3, §9.1
    LITIGATION_ENCOURAGED = "litigation_encouraged"
    IMPOSSIBLE_PROMISE = "impossible_promise"
    UNAPPROVED_SPECIAL = "unapproved_special"
    # §7-4: the one claim
    MULTIPLE_CLAIMS = "multiple_claims"
    CLAIM_TOO_DETAILED = "claim_too_detailed"
    CLAIM_TOO_LONG = "claim_too_long"
    CLAIM_LOGIC_HEAVY = "claim_logic_heavy"
    # §7-3, §7-5, §6-3: moves the stage calls for
    MISSING_INITIATIVE = "missing_initiative"
    MISSING_SAME_DIRECTION = "missing_same_direction"
    MISSING_APOLOGY = "missing_apology"
    # tone toward an angry customer
    COMMAND_TONE = "command_tone"
    BLAME_CUSTOMER = "blame_customer"
    COLD_FORMALITY = "cold_formality"
    LONG_SENTENCE = "long_sentence"
    # §10.4: a referral is asked for with a concrete persona
    VAGUE_REFERRAL = "vague_referral"


SEVERITIES: Mapping[FindingCode, Severity] = {
    FindingCode.PARTIAL_DENIAL: Severity.WARNING,
    FindingCode.EXCUSE: Severity.WARNING,
    FindingCode.PREMATURE_RULE: Severity.WARNING,
    FindingCode.LITIGATION_ENCOURAGED: Severity.ERROR,
    FindingCode.IMPOSSIBLE_PROMISE: Severity.ERROR,
    FindingCode.UNAPPROVED_SPECIAL: Severity.ERROR,
    FindingCode.MULTIPLE_CLAIMS: Severity.WARNING,
    FindingCode.CLAIM_TOO_DETAILED: Severity.WARNING,
    FindingCode.CLAIM_TOO_LONG: Severity.WARNING,
    FindingCode.CLAIM_LOGIC_HEAVY: Severity.WARNING,
    FindingCode.MISSING_INITIATIVE: Severity.WARNING,
    FindingCode.MISSING_SAME_DIRECTION: Severity.WARNING,
    FindingCode.MISSING_APOLOGY: Severity.WARNING,
    FindingCode.COMMAND_TONE: Severity.WARNING,
    FindingCode.BLAME_CUSTOMER: Severity.WARNING,
    FindingCode.COLD_FORMALITY: Severity.WARNING,
    FindingCode.LONG_SENTENCE: Severity.INFO,
    FindingCode.VAGUE_REFERRAL: Severity.WARNING,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One objection to a span of the draft."""

    code: FindingCode
    severity: Severity
    start: int
    end: int
    #: ``draft[start:end]``, kept so a stored finding still shows its evidence
    text: str
    reason_ja: str
    suggestion_ja: str
    #: exact text to put in place of ``draft[start:end]``, when the rewrite is mechanical
    replacement: str | None = None
    #: the finding is about the draft as a whole (a missing move), not a phrase in it
    whole_draft: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data (the panel's and the CLI's shape)."""
        return {
            "code": str(self.code),
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason_ja,
            "suggestion": self.suggestion_ja,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class CoachContext:
    """What the case knows beyond kind and stage. ``None`` means "not recorded"."""

    #: the customer's anger, 0 (calm) … 3 (furious), e.g. from the analyzer
    anger: int | None = None
    #: whether a supervisor approved special handling on this case
    special_approved: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CoachSettings:
    """Tunable thresholds of the coach (defaults follow METHOD.md §7-4)."""

    #: a calm speaking rate, in characters per minute
    speaking_rate_cpm: int = 300
    #: the longest a claim may take to say
    claim_max_seconds: int = 10
    #: a claim is "logic heavy" when logic markers exceed this share (target 0.3)
    logic_share_max: float = 0.5
    #: sentences longer than this are hard to follow for an angry customer
    max_sentence_chars: int = 80
    #: anger from which the tone rules apply in every stage
    angry_from: int = 2
    #: directories with more ``*.toml`` phrase lists (admins' own), read after the built-in
    extra_dirs: tuple[Path, ...] = field(default=())

    @property
    def claim_max_chars(self) -> int:
        """Spoken characters that fit in ``claim_max_seconds`` at the speaking rate."""
        return self.speaking_rate_cpm * self.claim_max_seconds // 60


DEFAULT = CoachSettings()


def make_finding(
    draft: str,
    code: FindingCode,
    *,
    start: int,
    end: int,
    reason_ja: str,
    suggestion_ja: str,
    replacement: str | None = None,
    whole_draft: bool = False,
) -> Finding:
    """Build a finding whose ``text`` is ``draft[start:end]`` and severity is the code's."""
    return Finding(
        code=code,
        severity=SEVERITIES[code],
        start=start,
        end=end,
        text=draft[start:end],
        reason_ja=reason_ja,
        suggestion_ja=suggestion_ja,
        replacement=replacement,
        whole_draft=whole_draft,
    )


def apply_replacements(draft: str, findings: Sequence[Finding]) -> str:
    """Return ``draft`` with every mechanical replacement applied.

    Findings without a replacement are skipped; of overlapping spans the earliest wins.
    """
    chosen: list[Finding] = []
    last_end = -1
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.replacement is None or finding.start < last_end:
            continue
        chosen.append(finding)
        last_end = finding.end
    text = draft
    for finding in reversed(chosen):
        text = text[: finding.start] + str(finding.replacement) + text[finding.end :]
    return text


def findings_digest(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Return what was shown, compactly, for storing with an outbound interaction."""
    return [
        {
            "code": str(f.code),
            "severity": str(f.severity),
            "start": f.start,
            "end": f.end,
            "text": f.text,
            "whole_draft": f.whole_draft,
        }
        for f in findings
    ]


Shown = TypeVar("Shown", Finding, Mapping[str, Any])


def _key(item: Finding | Mapping[str, Any]) -> tuple[str, str]:
    # Offsets move as the writer edits, so a finding is "the same" when its code and
    # evidence are; a missing move has no stable evidence and is matched by code alone.
    if isinstance(item, Finding):
        return str(item.code), "" if item.whole_draft else item.text
    return str(item["code"]), "" if item.get("whole_draft") else str(item["text"])


def overridden(
    shown: Sequence[Shown], final_findings: Sequence[Finding | Mapping[str, Any]]
) -> list[Shown]:
    """Return the shown findings still present when the writer saved (they overrode them).

    ``shown`` and ``final_findings`` may be ``Finding`` objects or digest entries.
    """
    remaining = Counter(_key(item) for item in final_findings)
    kept: list[Shown] = []
    for item in shown:
        key = _key(item)
        if remaining[key] > 0:
            remaining[key] -= 1
            kept.append(item)
    return kept
