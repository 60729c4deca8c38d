"""The outgoing reply mail, built from plain data (no Django: the shell fills ``ReplyMail``).

What a Japanese customer's mail client needs to show our reply in the right thread and
without 文字化け:

- ``Subject: Re: <their subject> 【#123】`` — one ``Re:`` however many the customer's client
  stacked up, the case tag once (intake threads by it when the headers are lost);
- ``In-Reply-To`` the customer's last Message-ID, ``References`` the chain;
- a ``Message-ID`` derived from the reply's id and the mailbox's domain, so a retried send
  carries the same id (at-least-once delivery, recognisable as one mail);
- UTF-8 (base64) by default, or ISO-2022-JP per mailbox for older clients. ISO-2022-JP is
  JIS X 0208 only: the Microsoft code points of the same JIS characters (～ －, typed on
  Windows) are mapped to the JIS ones, but a character outside JIS X 0208 (①, ㈱, 髙,
  half-width katakana, emoji) forces UTF-8 for that message, with a note — text is never
  dropped or replaced by ``?``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime

UTF8 = "utf-8"
ISO2022JP = "iso-2022-jp"
CHARSETS = (UTF8, ISO2022JP)
#: How many Message-IDs ``References`` keeps: the first of the thread and the latest ones
#: (RFC 5322 §3.6.4 allows trimming the middle of a long chain).
MAX_REFERENCES = 20
#: RFC 5322: a line is at most 998 octets; a longer ISO-2022-JP line goes out in base64.
MAX_LINE_OCTETS = 998

#: Windows (CP932) code points of characters that ARE in JIS X 0208 under another Unicode
#: mapping: the same JIS character, so mapping them changes no text.
_CP932_TO_JIS = str.maketrans(
    {
        "\uff5e": "\u301c",  # ～ FULLWIDTH TILDE → 〜 WAVE DASH
        "\uff0d": "\u2212",  # － FULLWIDTH HYPHEN-MINUS → − MINUS SIGN
        "\u2014": "\u2015",  # — EM DASH → ― HORIZONTAL BAR
        "\u2225": "\u2016",  # ∥ PARALLEL TO → ‖ DOUBLE VERTICAL LINE
        "\uffe0": "\u00a2",  # ￠ → ¢
        "\uffe1": "\u00a3",  # ￡ → £
        "\uffe2": "\u00ac",  # ￢ → ¬
    }
)

#: Reply prefixes mail clients put before a subject: Re:, RE:, Re[2]:, Re(3):, Ｒｅ：,
#: AW: / SV: (German, Nordic clients), 返信:. Forwards (Fwd:, 転送:) are kept.
_REPLY_PREFIX = re.compile(
    r"^\s*(?:re|ｒｅ|aw|sv|返信)\s*(?:[\[(［（]\s*\d+\s*[\])］）])?\s*[:：]\s*", re.IGNORECASE
)
#: Our case tag (and the bracket forms mail clients or people turn it into).
_CASE_TAG = re.compile(r"\s*[【\[]\s*[#＃]\s*\d+\s*[】\]]\s*")


@dataclass(frozen=True)
class ReplyMail:
    """Everything the reply mail says, as plain data."""

    reply_id: int
    case_id: int
    from_address: str
    to_address: str
    #: the customer's subject (their last mail's), or the case title when they never wrote
    original_subject: str
    body: str
    date: datetime
    from_name: str = ""
    to_name: str = ""
    #: the mailbox's signature, else the organisation's; appended unless the body ends with it
    signature: str = ""
    in_reply_to: str | None = None
    #: the thread's Message-IDs, oldest first (ours and the customer's)
    references: tuple[str, ...] = ()
    #: the mailbox's reply charset: ``utf-8`` or ``iso-2022-jp``
    charset: str = UTF8


@dataclass(frozen=True)
class ComposedMail:
    """The message to hand to SMTP, with the charset it really uses and why."""

    message: EmailMessage
    message_id: str
    charset: str
    #: Japanese notes for the record (e.g. why an ISO-2022-JP mailbox sent UTF-8)
    notes: tuple[str, ...] = ()


def reply_subject(original: str, *, case_id: int) -> str:
    """``Re: <original> 【#case_id】``: one ``Re:``, the case tag once, at the end."""
    subject = " ".join(_CASE_TAG.sub(" ", original).split())
    while True:
        stripped = _REPLY_PREFIX.sub("", subject, count=1)
        if stripped == subject:
            break
        subject = stripped
    tag = f"【#{case_id}】"
    return f"Re: {subject} {tag}" if subject else f"Re: {tag}"


def domain_of(address: str) -> str:
    """The domain part of ``address`` (``kamitaiou.invalid`` when it has none)."""
    domain = address.rsplit("@", 1)[-1].strip().strip(">").lower() if "@" in address else ""
    return domain or "kamitaiou.invalid"


def reply_message_id(*, reply_id: int, case_id: int, domain: str) -> str:
    """The stable Message-ID of a reply: the same for every attempt to send it."""
    return f"<reply-{reply_id}.case-{case_id}@{domain}>"


def outside_jis(text: str) -> list[str]:
    """The distinct characters of ``text`` that ISO-2022-JP (JIS X 0208) cannot carry,
    after mapping the Windows code points of JIS characters; in order of appearance."""
    missing: dict[str, None] = {}
    for char in text.translate(_CP932_TO_JIS):
        if char in "\r\n":
            continue
        try:
            char.encode(ISO2022JP)
        except UnicodeEncodeError:
            missing[char] = None
    return list(missing)


#: How many of the body's last lines are looked at for a signature already there.
SIGNATURE_TAIL_LINES = 15


def with_signature(body: str, signature: str) -> str:
    """``body`` with ``signature`` after a blank line, unless its last lines already carry
    every line of it (a method draft is signed with the organisation's lines already)."""
    body = body.rstrip()
    signature = signature.strip("\n").rstrip()
    wanted = [_squash(line) for line in signature.splitlines() if line.strip()]
    tail = _squash("".join(body.splitlines()[-SIGNATURE_TAIL_LINES:]))
    if not wanted or all(line in tail for line in wanted):
        return body + "\n"
    return f"{body}\n\n{signature}\n"


def _squash(text: str) -> str:
    return "".join(text.split())


def compose_reply(reply: ReplyMail) -> ComposedMail:
    """Build the reply mail. ISO-2022-JP is used only when every character fits."""
    if reply.charset not in CHARSETS:
        raise ValueError(f"unknown reply charset: {reply.charset!r}")
    body = with_signature(reply.body, reply.signature)
    subject = reply_subject(reply.original_subject, case_id=reply.case_id)
    charset, notes = reply.charset, []
    if charset == ISO2022JP:
        missing = outside_jis(body + subject + reply.from_name + reply.to_name)
        if missing:
            charset = UTF8
            shown = "、".join(_visible(char) for char in missing[:10])
            notes.append(
                f"ISO-2022-JP で表せない文字（{shown}）があるため、"
                "このメールは UTF-8 で送りました。"
            )
    message_id = reply_message_id(
        reply_id=reply.reply_id, case_id=reply.case_id, domain=domain_of(reply.from_address)
    )
    message = EmailMessage()
    if charset == ISO2022JP:
        _set_jis_headers(message, reply, subject=subject)
        _set_jis_body(message, body, notes=notes)
    else:
        message["From"] = Address(display_name=reply.from_name, addr_spec=reply.from_address)
        message["To"] = Address(display_name=reply.to_name, addr_spec=reply.to_address)
        message["Subject"] = subject
        message.set_content(body, charset=UTF8, cte="base64")
    message["Date"] = format_datetime(reply.date)
    message["Message-ID"] = message_id
    if reply.in_reply_to:
        message["In-Reply-To"] = reply.in_reply_to
    references = _references(reply.references, reply.in_reply_to)
    if references:
        message["References"] = " ".join(references)
    message["X-Kamitaiou-Case"] = str(reply.case_id)
    return ComposedMail(message=message, message_id=message_id, charset=charset, notes=tuple(notes))


def _visible(char: str) -> str:
    if unicodedata.category(char).startswith(("C", "Z")):
        return f"U+{ord(char):04X}"
    return char


def _references(chain: tuple[str, ...], in_reply_to: str | None) -> list[str]:
    ids = list(dict.fromkeys(mid.strip() for mid in chain if mid and mid.strip()))
    if in_reply_to and in_reply_to not in ids:
        ids.append(in_reply_to)
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return ids


class _EncodedHeader(str):
    """A header the default policy writes as given: RFC 2047 words in ``charset``.

    The default policy would re-encode any non-ASCII header in UTF-8; for an ISO-2022-JP
    mailbox the subject and names must be ISO-2022-JP encoded words. Like the policy's own
    header objects, this is the decoded text (``str``) with a ``name`` and a ``fold``."""

    name: str
    _parts: tuple[tuple[str, str | None], ...]

    def __new__(cls, name: str, parts: list[tuple[str, str | None]]) -> _EncodedHeader:
        header = super().__new__(cls, "".join(text for text, _charset in parts))
        header.name = name
        header._parts = tuple(parts)
        return header

    def fold(self, *, policy: Policy) -> str:
        value = Header(header_name=self.name)
        for text, charset in self._parts:
            value.append(text, charset or "us-ascii")
        linesep = policy.linesep
        return f"{self.name}: {value.encode(linesep=linesep)}{linesep}"


def _jis(text: str) -> tuple[str, str | None]:
    text = text.translate(_CP932_TO_JIS)
    return (text, None if text.isascii() else ISO2022JP)


def _mailbox_header(name: str, display: str, address: str) -> _EncodedHeader:
    if not display:
        return _EncodedHeader(name, [(address, None)])
    if display.isascii():
        return _EncodedHeader(name, [(str(Address(display_name=display, addr_spec=address)), None)])
    return _EncodedHeader(name, [_jis(display), (f" <{address}>", None)])


def _set_jis_headers(message: EmailMessage, reply: ReplyMail, *, subject: str) -> None:
    message["From"] = _mailbox_header("From", reply.from_name, reply.from_address)
    message["To"] = _mailbox_header("To", reply.to_name, reply.to_address)
    message["Subject"] = _EncodedHeader("Subject", [_jis(subject)])


def _set_jis_body(message: EmailMessage, body: str, *, notes: list[str]) -> None:
    # Encoded line by line: every line ends back in ASCII, as RFC 1468 asks.
    lines = [line.translate(_CP932_TO_JIS).encode(ISO2022JP) for line in body.splitlines()]
    if any(len(line) > MAX_LINE_OCTETS for line in lines):
        message.set_content(b"\r\n".join(lines) + b"\r\n", "text", "plain", cte="base64", params={})
        message.set_param("charset", "ISO-2022-JP")
        notes.append("1 行が長すぎるため、本文を base64 で送りました。")
        return
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = 'text/plain; charset="ISO-2022-JP"'
    message["Content-Transfer-Encoding"] = "7bit"
    message.set_payload("\n".join(line.decode("ascii") for line in lines) + "\n")
