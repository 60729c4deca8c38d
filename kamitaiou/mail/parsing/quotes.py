"""The customer's new words: quoted history and the signature split off.

History starts at the first separator or attribution line a Japanese mailer writes:
「-----Original Message-----」, 「-----元のメッセージ-----」, Outlook's 「差出人: / 送信日時:」
(「From: / Sent:」) block, Gmail's 「2026年12月1日(火) 10:00 山田 <…>:」 and 「On … wrote:」,
Thunderbird's 「… さんは書きました:」, the iPhone's 「… のメール:」. Everything from there on
is history. Before it, ``>`` lines (interleaved or at the bottom) are history too. The
signature is a ``-- `` line, or a rule of ━━━ / ――― / ＝＝＝ / *** near the end followed by
a name / company / TEL block.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATOR = re.compile(
    r"^\s*[-=_ー─―]{2,}\s*"
    r"(?:original\s+message|元の\s*メッセージ|オリジナル\s*メッセージ|forwarded\s+message"
    r"|転送(?:された)?\s*メッセージ|転送メール|以下、?転送|返信元のメッセージ)"
    r"\s*[-=_ー─―]{2,}\s*$",
    re.IGNORECASE,
)
#: Outlook draws a line of underscores above its header block.
_OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
_HEADER_FROM = re.compile(r"^\s*\**\s*(?:差出人|送信者|from)\s*\**\s*[:：]", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^\s*\**\s*(?:送信日時|送信日|日時|日付|sent|date|宛先|to|件名|subject|cc)\s*\**\s*[:：]",
    re.IGNORECASE,
)
#: Enough on their own at the end of a line: 「… wrote:」, 「… さんは書きました:」.
_STRONG_END = re.compile(
    r"(?:wrote|writes|書きました|schrieb|a écrit)\s*[:：]\s*$",
    re.IGNORECASE,
)
#: Only with a date at the start or an address in the line: the iPhone's 「…のメール:」,
#: Gmail's 「2026年12月1日(火) 10:00 山田 <yamada@example.jp>:」.
_WEAK_END = re.compile(r"(?:のメール|のメッセージ|<[^<>]*@[^<>]*>)\s*[:：]\s*$")
_ATTRIBUTION_START = re.compile(
    r"^\s*(?:on\s|\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^\s*[>＞]")
_SIG_DASHES = re.compile(r"^--\s?$")
_DECO = r"[━─―＝=*＊\-_~〜☆★◆◇■□※・┏┓┗┛┃＿+]"
_SIG_RULE = re.compile(rf"^\s*{_DECO}(?:\s*{_DECO}){{2,}}\s*$")
_SIG_MARKER = re.compile(
    r"TEL|FAX|電話|携帯|〒|株式会社|有限会社|合同会社|\(株\)|（株）|㈱|e-?mail|URL|https?://|@",
    re.IGNORECASE,
)
#: A rule line counts as the start of a signature only this close to the end.
_SIG_MAX_LINES = 12


def _attribution_end(text: str) -> bool:
    if _STRONG_END.search(text):
        return True
    return bool(_WEAK_END.search(text)) and (bool(_ATTRIBUTION_START.match(text)) or "@" in text)


def _is_attribution(lines: list[str], index: int) -> int:
    """How many lines (1 or 2) the reply attribution at ``index`` spans, 0 if none.

    Gmail wraps a long 「2026年12月1日(火) 10:00 山田 太郎 <\nyamada@example.jp>:」 over two lines.
    """
    line = lines[index].strip()
    if not line:
        return 0
    if _attribution_end(line):
        return 1
    nxt = lines[index + 1].strip() if index + 1 < len(lines) else ""
    joined = f"{line} {nxt}"
    if nxt and _ATTRIBUTION_START.match(line) and len(joined) < 200 and _attribution_end(joined):
        return 2
    return 0


def _is_outlook_block(lines: list[str], index: int) -> bool:
    """差出人: / From: followed within a few lines by 送信日時: / Sent: / 件名: …"""
    if not _HEADER_FROM.match(lines[index]):
        return False
    following = [line for line in lines[index + 1 : index + 6] if line.strip()]
    return sum(1 for line in following if _HEADER_OTHER.match(line)) >= 2


def _history_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if _SEPARATOR.match(unicodedata.normalize("NFKC", line)):
            return index
        if (
            _OUTLOOK_RULE.match(line)
            and index + 1 < len(lines)
            and _is_outlook_block(lines, index + 1)
        ):
            return index
        if _is_outlook_block(lines, index):
            return index
        span = _is_attribution(lines, index)
        if span:
            # An attribution introduces a quote: the next non-blank line is quoted, or
            # (top-posting mailers that do not quote) the rest is the old message.
            return index
    return None


def _signature_start(lines: list[str]) -> int | None:
    """The first line of the signature in the new part, None when there is none."""
    for index in range(len(lines) - 1, -1, -1):
        if _SIG_DASHES.match(lines[index]) and len(lines) - index <= _SIG_MAX_LINES + 3:
            return index
    start = max(0, len(lines) - _SIG_MAX_LINES)
    for index in range(start, len(lines)):
        if not _SIG_RULE.match(lines[index]):
            continue
        block = [line for line in lines[index + 1 :] if line.strip() and not _SIG_RULE.match(line)]
        if block and any(_SIG_MARKER.search(line) for line in block):
            before = [line for line in lines[:index] if line.strip()]
            if before:  # a mail that is nothing but a signature keeps it
                return index
    return None


def split_new_text(body: str) -> tuple[str, str]:
    """(new, quoted): the customer's new words, and the history and signature split off.

    ``quoted`` is "" when nothing was split. When nothing new is left (a bare forward, a
    mail that is all quote) the whole body is returned as new, so nothing goes unread.
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = _history_start(lines)
    head, history = (lines, []) if start is None else (lines[:start], lines[start:])
    new_lines: list[str] = []
    quoted_lines: list[str] = []
    for line in head:
        (quoted_lines if _QUOTED.match(line) else new_lines).append(line)
    sig = _signature_start(new_lines)
    signature = [] if sig is None else new_lines[sig:]
    if sig is not None:
        new_lines = new_lines[:sig]
    new = "\n".join(new_lines).strip()
    parts = ["\n".join(quoted_lines), "\n".join(signature), "\n".join(history)]
    quoted = "\n\n".join(p.strip("\n") for p in parts if p.strip())
    if not new:
        return text.strip(), ""
    return new, quoted
