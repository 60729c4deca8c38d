"""Pure parsing of inbound mail for Kamitaiou's intake: no Django, no I/O.

Raw RFC 5322 bytes in, a :class:`ParsedMail` out — Japanese encodings decoded (ISO-2022-JP
with its CP50220 extensions, Shift_JIS as CP932, EUC-JP, UTF-8, wrongly declared charsets
by detection), the customer's new words split from quoted history and signature,
auto-replies and bounces recognised. The Django app around it (``kamitaiou.mail``) stores
and threads; see docs/decisions/0013-mail-parsing.md.
"""

from __future__ import annotations

from kamitaiou.mail.parsing.auto import auto_reply_reason
from kamitaiou.mail.parsing.message import parse_message
from kamitaiou.mail.parsing.model import MailAttachment, MailParseError, ParsedMail
from kamitaiou.mail.parsing.quotes import split_new_text
from kamitaiou.mail.parsing.subject import find_case_tag, normalize_subject

__all__ = [
    "MailAttachment",
    "MailParseError",
    "ParsedMail",
    "auto_reply_reason",
    "find_case_tag",
    "normalize_subject",
    "parse_message",
    "split_new_text",
]
