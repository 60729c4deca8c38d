"""Subject rules for threading: the case tag 【#123】 and the subject without Re:/転送:."""

from __future__ import annotations

import re
import unicodedata

#: 【#123】 (our own outgoing subjects) and [#123]; full-width ［＃１２３］ folds to
#: [#123] under NFKC, so the pattern runs on the NFKC form.
_TAG = re.compile(r"【\s*#\s*(\d{1,9})\s*】|\[\s*#\s*(\d{1,9})\s*\]")

#: Reply / forward prefixes as mailers write them, after NFKC (so Ｒｅ： is Re:):
#: Re: RE: Re[2]: Re^2: Re(2): Fwd: FW: Fw: 転送: 返信: AW: SV: TR: RV:
_PREFIX = re.compile(
    r"^\s*(?:re|fwd?|aw|sv|tr|rv|wg|vs|転送|返信)"
    r"\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:]\s*",
    re.IGNORECASE,
)


def find_case_tag(subject: str) -> int | None:
    """The case number tagged in ``subject`` (【#123】 or [#123], full-width too), else None.

    The tag may stand anywhere: after Re:/RE:/Fwd:/FW:/転送:/返信: prefixes or at the end,
    where our replies put it. The first tag wins.
    """
    match = _TAG.search(unicodedata.normalize("NFKC", subject))
    if match is None:
        return None
    number = int(match.group(1) or match.group(2))
    return number if number > 0 else None


def normalize_subject(subject: str) -> str:
    """``subject`` as a threading key: reply/forward prefixes (repeated, full-width too)
    and case tags removed, NFKC, runs of white space collapsed to one space."""
    text = unicodedata.normalize("NFKC", subject)
    text = _TAG.sub(" ", text)
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split())
