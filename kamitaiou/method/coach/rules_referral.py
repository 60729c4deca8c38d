"""Ask for referrals with a concrete persona (METHOD.md §10.4).

「どなたかご紹介いただけませんか」 gets nobody: the customer cannot picture anyone. The
method names who, troubled by what: 「ディスプレイを長時間見るときに、目の疲れでお悩みの方
はいらっしゃいませんか?」. In an after-follow case, a draft that asks for a referral and
names no such persona in any of its referral sentences gets ``vague_referral``.

The persona test here is deliberately small (the phrase lists are ``data/referral.toml``):
a referral sentence is concrete when it names a trouble or need and, once the words that
describe nobody in particular are taken out, some description is left.
"""

from __future__ import annotations

import re

from kamitaiou.method.coach.model import Finding
from kamitaiou.method.coach.model import FindingCode as C
from kamitaiou.method.coach.phrasebook import Phrasebook
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.stages import CaseKind

#: characters of description a concrete persona leaves (目の疲れ → 目, 疲)
MIN_DESCRIPTION_CHARS = 2
_CONTENT = re.compile(r"[\u3400-\u9fff\u30a1-\u30fa\u30fcA-Za-z0-9]")


def persona_is_concrete(sentence: str, book: Phrasebook) -> bool:
    """True when ``sentence`` names a trouble or need and describes it (§10.4)."""
    if not book.marker("persona_trouble").search(sentence):
        return False
    rest = book.marker("persona_filler").sub("・", sentence)
    return len(_CONTENT.findall(rest)) >= MIN_DESCRIPTION_CHARS


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
