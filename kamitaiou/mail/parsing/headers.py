"""Header values → text: RFC 2047 encoded words, addresses, message ids, dates.

We decode encoded words ourselves rather than through ``email.policy.default``: its
header parser decodes ``iso-2022-jp`` words with Python's strict codec, so ① or 髙 in a
subject come out as replacement characters (Zammad's bug #3096 is the same), and it does
not join a multi-byte character that a mailer split across two adjacent words.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from kamitaiou.mail.parsing.charsets import decode_bytes

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_ANGLE_ID = re.compile(r"<\s*([^<>\s]+?)\s*>")
_ADDR = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*")


def raw_headers(msg: Message, name: str) -> list[str]:
    """Every value of header ``name`` as the parser saw it (8-bit bytes surrogate-escaped).

    ``msg.get()`` would hand back an ``email.header.Header`` that has already replaced
    raw Shift_JIS or UTF-8 bytes by U+FFFD; ``raw_items()`` keeps them.
    """
    wanted = name.lower()
    return [str(value) for key, value in msg.raw_items() if key.lower() == wanted]


def raw_header(msg: Message, name: str) -> str | None:
    """The first value of header ``name`` as the parser saw it, None when absent."""
    values = raw_headers(msg, name)
    return values[0] if values else None


def unfold(value: str) -> str:
    """A header value with its folding line breaks removed (the white space stays)."""
    return _FOLD.sub("", value).replace("\r", "").replace("\n", " ")


def _word_bytes(encoding: str, text: str) -> bytes | None:
    """The bytes of one encoded word's payload, None when it does not decode."""
    raw = text.encode("ascii", "surrogateescape")
    try:
        if encoding in "bB":
            raw = raw.rstrip(b"=")
            return base64.b64decode(raw + b"=" * (-len(raw) % 4))
        return binascii.a2b_qp(raw, header=True)
    except (binascii.Error, ValueError):
        return None


def _raw_bytes(text: str) -> bytes:
    """Undo the parser's surrogate escapes: the header's own bytes."""
    return text.encode("utf-8", "surrogateescape")


def decode_header_text(value: str, notes: list[str] | None = None) -> str:
    """Decode one header value: unfold, decode encoded words (adjacent words of one
    charset are joined before decoding, white space between words is dropped as RFC 2047
    says), and decode raw 8-bit or raw ISO-2022-JP text by detection. Repairs go to
    ``notes``."""
    value = unfold(value)
    pieces: list[tuple[str | None, bytes]] = []  # (charset or None for plain text, bytes)
    pos = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[pos : match.start()]
        payload = _word_bytes(match.group(2), match.group(3))
        pos = match.end()
        if payload is None:  # not a real encoded word: keep it as it stands
            pieces.append((None, _raw_bytes(between + match.group(0))))
            continue
        after_word = bool(pieces) and pieces[-1][0] is not None
        if between and not (after_word and between.isspace()):
            pieces.append((None, _raw_bytes(between)))
        charset = match.group(1).lower().split("*", 1)[0]
        if pieces and pieces[-1][0] == charset:
            pieces[-1] = (charset, pieces[-1][1] + payload)
        else:
            pieces.append((charset, payload))
    if pos < len(value):
        pieces.append((None, _raw_bytes(value[pos:])))
    out: list[str] = []
    for charset, data in pieces:
        decoded = decode_bytes(data, charset, part="header")
        if decoded.note and notes is not None and decoded.note not in notes:
            notes.append(decoded.note)
        out.append(decoded.text)
    return "".join(out).strip()


def addresses(values: Iterable[str], notes: list[str] | None = None) -> list[tuple[str, str]]:
    """(decoded display name, lower-cased addr-spec) for every address in the values."""
    found: list[tuple[str, str]] = []
    for value in values:
        flat = unfold(value)
        pairs = [(name, addr) for name, addr in getaddresses([flat]) if addr or name]
        if not pairs or any(not addr for _, addr in pairs):
            # The parser gave up (a stray quote or 8-bit name): take the addr-specs we see.
            pairs = [("", addr) for addr in _ADDR.findall(flat)] or pairs
        for name, addr in pairs:
            found.append((decode_header_text(name, notes).strip("\"' "), addr.strip("<> ").lower()))
    return found


def address_list(values: Iterable[str]) -> tuple[str, ...]:
    """The lower-cased addresses in the values, each once, in order."""
    seen: dict[str, None] = {}
    for _, addr in addresses(values):
        if addr:
            seen.setdefault(addr, None)
    return tuple(seen)


def message_ids(value: str | None) -> list[str]:
    """The ids in a Message-ID / In-Reply-To / References value, without the <>."""
    if not value:
        return []
    flat = unfold(value)
    ids = _ANGLE_ID.findall(flat)
    if ids:
        return [i for i in ids if i]
    # Broken mailers drop the brackets.
    return [token.strip("<>,;") for token in flat.split() if "@" in token]


def parse_date(value: str | None, notes: list[str] | None = None) -> datetime | None:
    """The Date header as an aware datetime (a -0000 zone is read as UTC), else None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(unfold(value).strip())
    except (TypeError, ValueError, IndexError):
        if notes is not None:
            notes.append("unreadable Date header")
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
