"""parse_message: raw RFC 5322 bytes → :class:`ParsedMail`."""

from __future__ import annotations

import email
import hashlib
from collections.abc import Collection
from email import errors as email_errors
from email.message import Message

from kamitaiou.mail.parsing.auto import auto_reply_reason
from kamitaiou.mail.parsing.body import Body, walk
from kamitaiou.mail.parsing.headers import (
    address_list,
    addresses,
    decode_header_text,
    message_ids,
    parse_date,
    raw_header,
    raw_headers,
)
from kamitaiou.mail.parsing.model import MailParseError, ParsedMail
from kamitaiou.mail.parsing.quotes import split_new_text
from kamitaiou.mail.parsing.subject import find_case_tag

#: A message names at least one of these; bytes that name none are not mail.
_MAIL_HEADERS = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "delivered-to",
        "mime-version",
        "content-type",
        "reply-to",
        "sender",
    }
)
_DEFECT_NOTES: dict[type[email_errors.MessageDefect], str] = {
    email_errors.CloseBoundaryNotFoundDefect: "MIME: the closing boundary is missing",
    email_errors.StartBoundaryNotFoundDefect: "MIME: the start boundary was not found",
    email_errors.NoBoundaryInMultipartDefect: "MIME: a multipart without a boundary",
    email_errors.MissingHeaderBodySeparatorDefect: "MIME: no blank line after the headers",
    email_errors.InvalidBase64PaddingDefect: "MIME: base64 padding repaired",
    email_errors.InvalidBase64CharactersDefect: "MIME: invalid base64 characters skipped",
}
#: Exceptions the stdlib parser and codecs raise on hostile input; they become a
#: MailParseError (the message is quarantined) instead of crashing the intake.
_PARSER_FAILURES = (ValueError, LookupError, TypeError, IndexError, AttributeError, RecursionError)


def parse_message(raw: bytes, *, own_addresses: Collection[str] = ()) -> ParsedMail:
    """Parse one raw message; ``own_addresses`` are our mailboxes' addresses (a message
    from one of them is a loop and gets an ``auto_reply`` reason).

    Parses what can be parsed of a broken MIME tree (the repairs are in ``notes``).
    Raises :class:`MailParseError` only when there is no usable text at all: empty bytes,
    bytes with no mail headers, or headers with no sender, subject, body or attachment.
    """
    data = bytes(raw)
    if not data.strip():
        raise MailParseError("メールが空です")
    try:
        msg = email.message_from_bytes(data)
        return _parse(msg, data, own_addresses)
    except MailParseError:
        raise
    except _PARSER_FAILURES as exc:
        raise MailParseError(f"MIME構造が壊れています: {type(exc).__name__}: {exc}"[:200]) from exc


def _parse(msg: Message, data: bytes, own_addresses: Collection[str]) -> ParsedMail:
    names = {key.lower() for key, _ in msg.raw_items()}
    if not names & _MAIL_HEADERS:
        raise MailParseError("メールとして読めません: ヘッダーがありません")
    notes: list[str] = []
    body = Body()
    walk(msg, body)
    notes.extend(body.notes)
    _add_defect_notes(msg, notes)
    subject = decode_header_text(raw_header(msg, "subject") or "", notes)
    senders = addresses(raw_headers(msg, "from"), notes)
    from_name, from_address = senders[0] if senders else ("", "")
    text = body.text
    if not (from_address or subject or text or body.attachments):
        raise MailParseError("使える内容がありません: 差出人・件名・本文・添付のいずれもありません")
    ids = message_ids(raw_header(msg, "message-id"))
    if ids:
        message_id = ids[0]
    else:
        message_id = "missing-" + hashlib.sha256(data).hexdigest()[:32]
        notes.append("no Message-ID: one made from the bytes")
    replied = message_ids(raw_header(msg, "in-reply-to"))
    new_text, quoted_text = split_new_text(text)
    return ParsedMail(
        message_id=message_id,
        in_reply_to=replied[0] if replied else None,
        references=tuple(message_ids(" ".join(raw_headers(msg, "references")))),
        subject=subject,
        from_name=from_name,
        from_address=from_address,
        to=address_list(raw_headers(msg, "to")),
        cc=address_list(raw_headers(msg, "cc")),
        delivered_to=address_list(
            raw_headers(msg, "delivered-to") + raw_headers(msg, "x-original-to")
        ),
        date=parse_date(raw_header(msg, "date"), notes),
        body_text=text,
        new_text=new_text,
        quoted_text=quoted_text,
        attachments=tuple(body.attachments),
        auto_reply=auto_reply_reason(msg, own_addresses=own_addresses),
        notes=tuple(dict.fromkeys(notes)),
        case_tag=find_case_tag(subject),
        bounced_message_id=body.bounced_message_id,
    )


def _add_defect_notes(msg: Message, notes: list[str]) -> None:
    for part in msg.walk():
        for defect in part.defects:
            note = _DEFECT_NOTES.get(type(defect))
            if note:
                notes.append(note)
