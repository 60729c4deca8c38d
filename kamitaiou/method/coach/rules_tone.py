"""Tone toward an angry customer: commands, blame, cold formality, long sentences (§6, §5.1)."""

from __future__ import annotations

from kamitaiou.method.coach.model import Finding
from kamitaiou.method.coach.model import FindingCode as C
from kamitaiou.method.coach.rules_accept import in_accept_stage
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.coach.text import clause_start
from kamitaiou.method.stages import CaseKind, Stage

#: Complaint stages where the customer is angry by definition (§6: calming comes first).
ANGRY_STAGES: frozenset[Stage] = frozenset({Stage.RECEIVED, Stage.CALMING})
_POLITE_REQUEST = "いただけますでしょうか"


def customer_is_angry(scan: Scan) -> bool:
    """True when the context says so, or the complaint has not been calmed yet."""
    anger = scan.context.anger
    if anger is not None and anger >= scan.settings.angry_from:
        return True
    return scan.kind is CaseKind.COMPLAINT and scan.stage in ANGRY_STAGES


def tone_findings(scan: Scan) -> list[Finding]:
    """Flag what an angry customer hears as an order, an accusation or a brush-off."""
    found: list[Finding] = []
    if customer_is_angry(scan) or in_accept_stage(scan):
        found += scan.phrase_findings("blame", C.BLAME_CUSTOMER)
    if not customer_is_angry(scan):
        return found
    found += _commands(scan)
    found += _cold_formality(scan)
    limit = scan.settings.max_sentence_chars
    found += [
        scan.finding(C.LONG_SENTENCE, start=s.start, end=s.end, limit=limit, length=len(s.text))
        for s in scan.sentences
        if len(s.text) > limit
    ]
    return found


def _commands(scan: Scan) -> list[Finding]:
    draft = scan.draft
    found: list[Finding] = []
    for phrase in scan.book.rule("command"):
        for match in phrase.pattern.finditer(draft):
            start = clause_start(draft, match.start())
            found.append(
                scan.finding(
                    C.COMMAND_TONE,
                    start=start,
                    end=match.end(),
                    replacement=phrase.replacement,
                    suggestion=phrase.suggestion,
                )
            )
    # One 「〜てください」 is a request; several in a row read as orders.
    requests = list(scan.book.marker("request").finditer(draft))
    if len(requests) >= 2:
        for match in requests:
            start = clause_start(draft, match.start())
            stem = draft[start : match.start() + 1]  # up to and including て/で
            found.append(
                scan.finding(
                    C.COMMAND_TONE,
                    start=start,
                    end=match.end(),
                    replacement=stem + _POLITE_REQUEST,
                )
            )
    return found


def _cold_formality(scan: Scan) -> list[Finding]:
    if scan.book.marker("empathy").search(scan.draft):
        return []
    return scan.phrase_findings("cold_formality", C.COLD_FORMALITY)
