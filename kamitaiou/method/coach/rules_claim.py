"""The claim and the moves around it (METHOD.md §6-3, §7-3, §7-4, §7-5).

Where the claim is: everything after 「大変恐縮ですが、これだけは言わせて下さい。」 that is
not the same-direction close or a closing formula; without the opener, in a complaint's
hearing or proposal stage, the sentences that announce a claim (「お伝えしたい」「ご理解
いただきたい」 …).

The 3:7 balance is estimated by counting markers in the claim: logic markers (なぜなら,
ので, ため, 規約, 契約, 第N条, numbers, 原因, 理由 …) against emotion markers (気持ち, 残念,
申し訳, 心苦しい, 大切, 信頼, 一緒に, 思い …). The claim is logic heavy when
``logic / (logic + emotion)`` exceeds ``CoachSettings.logic_share_max`` (0.5) or when it
has no emotion marker at all.
"""

from __future__ import annotations

from kamitaiou.method.coach.messages import INITIATIVE_PHRASE
from kamitaiou.method.coach.model import Finding
from kamitaiou.method.coach.model import FindingCode as C
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.coach.text import Sentence, spoken_length
from kamitaiou.method.stages import CaseKind, Stage

#: Complaint stages where the claim belongs (§6-2 hearing, §6-4 proposal; §7-3/4).
CLAIM_STAGES: frozenset[Stage] = frozenset({Stage.HEARING, Stage.PROPOSAL})


def claim_sentences(scan: Scan) -> list[Sentence]:
    """Return the sentences that make up the claim (empty when the draft makes none)."""
    if scan.opener is not None:
        same = scan.book.marker("same_direction")
        closing = scan.book.marker("closing")
        return [
            s
            for s in scan.sentences
            if s.start >= scan.opener[1]
            and not s.is_question
            and not same.search(s.text)
            and not closing.search(s.text)
        ]
    if scan.kind is CaseKind.COMPLAINT and scan.stage in CLAIM_STAGES:
        claim = scan.book.marker("claim")
        return [s for s in scan.sentences if claim.search(s.text)]
    return []


def claim_findings(scan: Scan) -> list[Finding]:
    """Check the one claim and the opener / same-direction moves around it."""
    claims = claim_sentences(scan)
    if not claims:
        return _announced_claims(scan)
    found: list[Finding] = []
    if scan.opener is None:
        first = claims[0]
        found.append(
            scan.finding(
                C.MISSING_INITIATIVE,
                start=first.start,
                end=first.end,
                replacement=INITIATIVE_PHRASE + first.text,
            )
        )
    elif not scan.book.marker("same_direction").search(scan.draft, scan.opener[1]):
        found.append(scan.whole(C.MISSING_SAME_DIRECTION))
    start, end = claims[0].start, claims[-1].end
    if len(claims) > 1 or _enumerates(scan, claims[0].text):
        second = claims[1] if len(claims) > 1 else claims[0]
        found.append(scan.finding(C.MULTIPLE_CLAIMS, start=second.start, end=end))
    found += _details(scan, claims)
    length = sum(spoken_length(s.text) for s in claims)
    limit = scan.settings.claim_max_chars
    if length > limit:
        found.append(
            scan.finding(C.CLAIM_TOO_LONG, start=start, end=end, limit=limit, length=length)
        )
    logic, emotion = logic_emotion(scan, claims)
    if emotion == 0 or logic / (logic + emotion) > scan.settings.logic_share_max:
        found.append(
            scan.finding(C.CLAIM_LOGIC_HEAVY, start=start, end=end, logic=logic, emotion=emotion)
        )
    return found


def _announced_claims(scan: Scan) -> list[Finding]:
    """Without the method's opener, a looser announcement (「恐縮ですが申し上げます。」)
    followed by several assertions is still ``multiple_claims``."""
    found = scan.book.marker("claim_announcement").search(scan.draft)
    if found is None:
        return []
    same = scan.book.marker("same_direction")
    closing = scan.book.marker("closing")
    claims = [
        s
        for s in scan.sentences
        if s.start >= found.end()
        and not s.is_question
        and not same.search(s.text)
        and not closing.search(s.text)
    ]
    if len(claims) > 1 or (claims and _enumerates(scan, claims[0].text)):
        second = claims[1] if len(claims) > 1 else claims[0]
        return [scan.finding(C.MULTIPLE_CLAIMS, start=second.start, end=claims[-1].end)]
    return []


def _enumerates(scan: Scan, sentence: str) -> bool:
    """Whether one sentence makes several assertions: two enumeration marks (①②,
    一つ目に…二つ目に, まず、…次に、) or three clauses strung with 〜し、."""
    marks = len(scan.book.marker("enumeration").findall(sentence))
    return marks >= 2 or sentence.count("し、") >= 3


def logic_emotion(scan: Scan, claims: list[Sentence]) -> tuple[int, int]:
    """Count logic and emotion markers in the claim sentences."""
    logic = scan.book.marker("logic")
    emotion = scan.book.marker("emotion")
    return (
        sum(len(logic.findall(s.text)) for s in claims),
        sum(len(emotion.findall(s.text)) for s in claims),
    )


def _details(scan: Scan, claims: list[Sentence]) -> list[Finding]:
    """One finding per run of details (「3月10日」 is one run), within the claim."""
    detail = scan.book.marker("detail")
    spans: list[list[int]] = []
    for sentence in claims:
        for match in detail.finditer(scan.draft, sentence.start, sentence.end):
            if spans and match.start() - spans[-1][1] <= 1:
                spans[-1][1] = match.end()
            else:
                spans.append([match.start(), match.end()])
    return [scan.finding(C.CLAIM_TOO_DETAILED, start=s, end=e) for s, e in spans]


def apology_findings(scan: Scan) -> list[Finding]:
    """In a complaint's apology stage, the reply must apologise (§6-3)."""
    if scan.kind is not CaseKind.COMPLAINT or scan.stage is not Stage.APOLOGY:
        return []
    if scan.book.marker("apology").search(scan.draft):
        return []
    return [scan.whole(C.MISSING_APOLOGY)]
