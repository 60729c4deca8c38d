"""Accept first, commit to nothing you may not (METHOD.md §5.1, §5.3, §7-1, §9.1, §9.5)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from kamitaiou.method.coach.model import Finding
from kamitaiou.method.coach.model import FindingCode as C
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.coach.text import clause_start
from kamitaiou.method.stages import CaseKind, Stage

#: Stages where the customer's feelings are accepted 100% and nothing is argued (§5.1, §7-1).
ACCEPT_STAGES: Mapping[CaseKind, frozenset[Stage]] = MappingProxyType(
    {
        CaseKind.COMPLAINT: frozenset({Stage.RECEIVED, Stage.CALMING, Stage.HEARING}),
        CaseKind.UNREASONABLE_DEMAND: frozenset({Stage.RECEIVED, Stage.EMPATHY}),
        CaseKind.SPECIAL_REQUEST: frozenset({Stage.RECEIVED, Stage.EMPATHY}),
    }
)

#: An unreasonable demand's scope is not fixed before it is accepted (§5.3).
BEFORE_ACCEPTANCE: frozenset[Stage] = frozenset(
    {Stage.RECEIVED, Stage.EMPATHY, Stage.ASSESSMENT, Stage.SCOPE}
)

#: A special request is approved in these stages; everywhere else it is not (§9.1).
APPROVED_STAGES: frozenset[Stage] = frozenset({Stage.APPROVED, Stage.EXECUTING, Stage.CLOSED})

_BUT = re.compile(r"(?:です|ます)が[、,]|(?:です|ます)?けど[、,]?")


def in_accept_stage(scan: Scan) -> bool:
    """True when the stage calls for accepting the customer's feelings 100%."""
    return scan.stage in ACCEPT_STAGES.get(scan.kind, frozenset())


def accept_findings(scan: Scan) -> list[Finding]:
    """Flag denial, excuses and rule-quoting before the claim, in the accept stages.

    Text after 「大変恐縮ですが、これだけは言わせて下さい。」 is the claim (§7-3/4) and is
    judged by the claim rules instead.
    """
    if not in_accept_stage(scan):
        return []
    end = scan.opener[0] if scan.opener else len(scan.draft)
    found = scan.phrase_findings("partial_denial", C.PARTIAL_DENIAL, end=end)
    found += _contradictions(scan, end)
    found += scan.phrase_findings("excuse", C.EXCUSE, end=end)
    found += scan.phrase_findings("premature_rule", C.PREMATURE_RULE, end=end)
    return found


def _contradictions(scan: Scan, end: int) -> list[Finding]:
    """「…ですが、」 followed by a refusal in the same sentence — unless after a cushion word."""
    cushion = scan.book.marker("cushion")
    denial = scan.book.marker("denial_tail")
    found: list[Finding] = []
    for match in _BUT.finditer(scan.draft, 0, end):
        sentence = scan.sentence_at(match.start())
        if cushion.search(scan.draft, sentence.start, match.end()):
            continue
        rest = scan.draft[match.end() : sentence.end]
        if not denial.search(rest):
            continue
        start = clause_start(scan.draft, match.start(), floor=sentence.start)
        found.append(scan.finding(C.PARTIAL_DENIAL, start=start, end=match.end()))
    return found


def commitment_findings(scan: Scan) -> list[Finding]:
    """Flag encouraged litigation (any stage), impossible promises and unapproved exceptions."""
    found = scan.phrase_findings("litigation", C.LITIGATION_ENCOURAGED)
    contact = scan.book.marker("contact")

    def not_a_callback(start: int, _end: int) -> bool:
        return contact.search(scan.sentence_at(start).text) is None

    if scan.kind is CaseKind.UNREASONABLE_DEMAND and scan.stage in BEFORE_ACCEPTANCE:
        found += scan.phrase_findings(
            "impossible_promise", C.IMPOSSIBLE_PROMISE, keep=not_a_callback
        )
    if _special_not_approved(scan):
        found += scan.phrase_findings("special_handling", C.UNAPPROVED_SPECIAL)
    return found


def _special_not_approved(scan: Scan) -> bool:
    approved = scan.context.special_approved
    if approved is not None:
        return not approved
    return scan.kind is CaseKind.SPECIAL_REQUEST and scan.stage not in APPROVED_STAGES
