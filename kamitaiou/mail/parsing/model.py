"""The plain data the mail parser returns: no Django, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class MailParseError(ValueError):
    """Raised when a message holds no usable text at all (garbage bytes, no headers).

    ``reason`` is one Japanese line for the quarantine list, e.g.
    「MIME構造が壊れています: ヘッダーがありません」.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MailAttachment:
    """One attachment (or inline image) with its decoded filename and its bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ParsedMail:
    """One parsed RFC 5322 message, decoded to text."""

    message_id: str  # without <>, stripped; when missing: "missing-" + sha256(raw)[:32]
    in_reply_to: str | None  # without <>
    references: tuple[str, ...]
    subject: str  # decoded (RFC 2047, folded lines, mixed charsets)
    from_name: str
    from_address: str  # lower-cased addr-spec, "" if none
    to: tuple[str, ...]  # lower-cased addresses
    cc: tuple[str, ...]
    delivered_to: tuple[str, ...]  # Delivered-To, then X-Original-To
    date: datetime | None  # aware
    body_text: str  # whole decoded text (text/plain preferred; HTML-only → text)
    new_text: str  # the customer's new words: quoted history and signature removed
    quoted_text: str  # what was split off (history + signature), "" if none
    attachments: tuple[MailAttachment, ...]
    auto_reply: str | None  # why it is an auto-reply/bounce/list mail, else None
    notes: tuple[str, ...]  # decoding repairs, e.g. "charset iso-8859-1 declared, cp932 detected"
    case_tag: int | None  # 【#123】 / [#123] in the subject
    #: For a delivery-status report: the Message-ID of the message that bounced (from the
    #: returned headers), so the bounce can be recorded on the case that message belongs to.
    bounced_message_id: str | None = None
