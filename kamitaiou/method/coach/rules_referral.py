"""Ask for referrals with a concrete persona (METHOD.md §10.4).

「どなたかご紹介いただけませんか」 gets nobody: the customer cannot picture anyone. The
method names who, troubled by what: 「ディスプレイを長時間見るときに、目の疲れでお悩みの方
はいらっしゃいませんか?」. In an after-follow case, a draft that asks for a referral and
names no such persona in any of its referral sentences gets ``vague_referral``.

Which sentences ask for a referral is ``data/referral.toml``; whether one names a concrete
persona is the referral guard's own rule (:mod:`kamitaiou.method.referral`), so the coach
and the after-follow step never disagree.
"""

from __future__ import annotations

from kamitaiou.method.coach.model import Finding
from kamitaiou.method.coach.model import FindingCode as C
from kamitaiou.method.coach.phrasebook import Phrasebook
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.referral import is_concrete_persona
from kamitaiou.method.stages import CaseKind


def persona_is_concrete(sentence: str, book: Phrasebook) -> bool:
    """True when ``sentence`` names a trouble or need and describes it (§10.4) — the rule
    the referral step's guard applies (``method.referral.is_concrete_persona``)."""
    return is_concrete_persona(sentence)


def referral_findings(scan: Scan) -> list[Finding]:
    """Flag an after-follow referral request that names no concrete persona."""
    if scan.kind is not CaseKind.AFTER_FOLLOW:
        return []
    request = scan.book.marker("referral_request")
    asking = [s for s in scan.sentences if request.search(s.text)]
    if not asking or any(persona_is_concrete(s.text, scan.book) for s in asking):
        return []
    first = asking[0]
    return [scan.finding(C.VAGUE_REFERRAL, start=first.start, end=first.end)]
