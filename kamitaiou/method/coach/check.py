"""``check_draft``: read a reply against the case's kind and stage, return the findings."""

from __future__ import annotations

from kamitaiou.method.coach.learned import learned_findings
from kamitaiou.method.coach.letter import body_end
from kamitaiou.method.coach.model import DEFAULT, CoachContext, CoachSettings, Finding
from kamitaiou.method.coach.phrasebook import load_phrasebook
from kamitaiou.method.coach.rules_accept import accept_findings, commitment_findings
from kamitaiou.method.coach.rules_claim import apology_findings, claim_findings
from kamitaiou.method.coach.rules_referral import referral_findings
from kamitaiou.method.coach.rules_tone import tone_findings
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.coach.text import sentences
from kamitaiou.method.stages import CaseKind, Stage, stages_for


class CoachInputError(ValueError):
    """The stage does not belong to the kind. The message is English, for developers."""


def check_draft(
    draft: str,
    *,
    kind: CaseKind,
    stage: Stage,
    context: CoachContext | None = None,
    settings: CoachSettings = DEFAULT,
    learned: bool = True,
) -> list[Finding]:
    """Return what the method objects to in ``draft``, ordered by position.

    ``draft[f.start:f.end]`` is each finding's evidence (the whole draft for a missing
    move). The signature block (from a rule line such as 「――――」 on) is not judged: a
    name, an address or a telephone number is not a claim. With ``learned`` (the default)
    the learned checker in force adds what the rules miss (:mod:`.learned`). Raises
    ``CoachInputError`` when ``stage`` is not a stage of ``kind``.
    """
    if stage not in stages_for(kind):
        raise CoachInputError(f"stage {stage.value!r} is not a stage of {kind.value!r}")
    draft = draft[: body_end(draft)]
    if not draft.strip():
        return []
    book = load_phrasebook(tuple(settings.extra_dirs))
    opener = book.marker("opener").search(draft)
    scan = Scan(
        draft=draft,
        kind=kind,
        stage=stage,
        context=context or CoachContext(),
        settings=settings,
        book=book,
        sentences=tuple(sentences(draft)),
        opener=opener.span() if opener else None,
    )
    found = (
        accept_findings(scan)
        + commitment_findings(scan)
        + claim_findings(scan)
        + apology_findings(scan)
        + tone_findings(scan)
        + referral_findings(scan)
    )
    if learned:
        found += learned_findings(scan, found)
    return _without_overlaps(found)


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding per code and overlapping span: the earliest, then the longest."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, f.code))
    kept: list[Finding] = []
    reach: dict[str, int] = {}
    for finding in ordered:
        if finding.start < reach.get(finding.code, -1):
            continue
        kept.append(finding)
        reach[finding.code] = max(finding.end, finding.start + 1)
    return kept
