"""The MIME tree → body text and attachments.

``multipart/alternative`` gives its text/plain part (its HTML part only when there is no
plain one); HTML-only mail is turned into text with inscriptis (tables, line breaks and
entities as a reader expects; a kept library, not regexes). Every other part with a
filename, every image and every part that is not a body is kept as an attachment, bytes
and all. A tree whose boundary is missing or wrong is salvaged, not dropped.
"""

from __future__ import annotations

import email
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message

from inscriptis import get_text  # type: ignore[import-untyped]

from kamitaiou.mail.parsing.charsets import decode_bytes
from kamitaiou.mail.parsing.headers import decode_header_text, message_ids, raw_header
from kamitaiou.mail.parsing.model import MailAttachment

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOUNDARY_LINE = re.compile(r"^--([^\s]{1,200}?)(?:--)?[ \t]*$", re.M)
_BLANK_RUNS = re.compile(r"\n{3,}")
_BODY_TYPES = ("text/plain", "text/html")


@dataclass
class Body:
    """What the walk collects: text chunks, attachments, notes, a bounced message's id."""

    texts: list[str] = field(default_factory=list)
    attachments: list[MailAttachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bounced_message_id: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(t for t in self.texts if t.strip()).strip()


def normalize_newlines(text: str) -> str:
    """CRLF and CR as LF, trailing white space of every line removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def unflow(text: str, *, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed: a line ending in a space continues on the next one
    (same quote depth); with DelSp=yes that space was added by the sender and goes."""
    out: list[str] = []
    carry: str | None = None
    carry_depth = 0
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):  # space-stuffing
            content = content[1:]
        if carry is not None and depth == carry_depth:
            content = carry + content
        elif carry is not None:
            out.append(">" * carry_depth + (" " if carry_depth else "") + carry)
        carry = None
        if content.endswith(" ") and content != "-- ":
            carry, carry_depth = (content[:-1] if delsp else content), depth
            continue
        out.append(">" * depth + (" " if depth and content else "") + content)
    if carry is not None:
        out.append(">" * carry_depth + (" " if carry_depth else "") + carry)
    return "\n".join(out)


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: inscriptis, no-break spaces as spaces, at most one
    blank line in a row."""
    if not html.strip():
        return ""
    try:
        text = str(get_text(html))
    except ValueError:  # lxml refuses a document with nothing in it
        return ""
    text = normalize_newlines(text.replace("\xa0", " "))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _charset(part: Message) -> str | None:
    charset = part.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231: (charset, language, value)
        charset = charset[2]
    return str(charset) if charset else None


def _text_of(part: Message, body: Body) -> str:
    """The decoded text of a text/plain or text/html leaf."""
    data = _payload(part)
    charset = _charset(part)
    is_html = part.get_content_type() == "text/html"
    if is_html and charset is None:
        meta = _META_CHARSET.search(data[:4096])
        charset = meta.group(1).decode("ascii") if meta else None
    decoded = decode_bytes(data, charset)
    if decoded.note:
        body.notes.append(decoded.note)
    if is_html:
        return html_to_text(decoded.text)
    text = normalize_newlines(decoded.text)
    if str(part.get_param("format") or "").lower() == "flowed":
        text = unflow(text, delsp=str(part.get_param("delsp") or "").lower() == "yes")
    return text


_RAW_PARAM = {
    name: re.compile(rf"""(?:^|;)\s*{name}\s*=\s*(?:"([^"]*)"|([^;]+))""", re.IGNORECASE)
    for name in ("filename", "name")
}


def filename_of(part: Message, notes: list[str] | None = None) -> str:
    """The part's filename: RFC 2231 (filename*=, continuations), encoded words or raw
    8-bit, from Content-Disposition, else Content-Type's name; "" when it has none."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw is None:
            continue
        if not raw.isascii():
            # Raw Shift_JIS / UTF-8 in the header: get_param would have replaced it.
            match = _RAW_PARAM[param].search(raw)
            value: object = None if match is None else (match.group(1) or match.group(2) or "")
        else:
            value = part.get_param(param, header=header)
        if value is None:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded latin-1)
            charset, _, text = value
            data = str(text).encode("latin-1", "surrogateescape")
            name = decode_bytes(data, charset or None, part="filename").text
        else:
            name = decode_header_text(str(value).strip().strip('"'), notes)
        name = name.replace("/", "_").replace("\\", "_").replace("\x00", "").strip()
        if name:
            return name
    return ""


def _generated_name(part: Message, number: int) -> str:
    ctype = part.get_content_type()
    extension = mimetypes.guess_extension(ctype, strict=False) or ".bin"
    stem = "image" if ctype.startswith("image/") else "part"
    return f"{stem}{number}{extension}"


def _attach(part: Message, body: Body, *, data: bytes | None = None, name: str = "") -> None:
    filename = name or filename_of(part, body.notes)
    if not filename:
        filename = _generated_name(part, len(body.attachments) + 1)
    body.attachments.append(
        MailAttachment(
            filename=filename,
            content_type=part.get_content_type(),
            data=_payload(part) if data is None else data,
        )
    )


def _attach_message(part: Message, body: Body) -> None:
    """An attached message (a forward as attachment, a bounce's returned mail) as .eml."""
    inner = part.get_payload(0) if part.is_multipart() else None
    if isinstance(inner, Message):
        data = inner.as_bytes()
        subject = decode_header_text(raw_header(inner, "subject") or "")
    else:
        data, subject = _payload(part), ""
    name = filename_of(part, body.notes) or f"{subject or 'message'}.eml".replace("/", "_")
    _attach(part, body, data=data, name=name)


def _is_body_leaf(part: Message) -> bool:
    return (
        part.get_content_type() in _BODY_TYPES
        and part.get_content_disposition() != "attachment"
        and not filename_of(part)
    )


def _choose_alternative(parts: list[Message]) -> Message | None:
    """text/plain first (when it holds text), else HTML, else a nested multipart."""
    for wanted in ("text/plain", "text/html"):
        for part in parts:
            if part.get_content_type() == wanted and _is_body_leaf(part) and _payload(part).strip():
                return part
    nested = [p for p in parts if p.is_multipart()]
    return nested[0] if nested else (parts[-1] if parts else None)


def _salvage(part: Message, body: Body) -> None:
    """A multipart whose boundary was not found: reparse with the boundary the lines show,
    else read the whole payload as text."""
    payload = part.get_payload()
    text = payload if isinstance(payload, str) else ""
    boundaries = _BOUNDARY_LINE.findall(text)
    if boundaries:
        boundary = max(set(boundaries), key=boundaries.count)
        body.notes.append(f"MIME boundary not found; reparsed with boundary {boundary}")
        head = f'Content-Type: {part.get_content_type()}; boundary="{boundary}"\n\n'
        fixed = email.message_from_bytes(head.encode() + text.encode("ascii", "surrogateescape"))
        if fixed.is_multipart():
            walk(fixed, body)
            return
    body.notes.append("MIME boundary not found; the body read as text")
    decoded = decode_bytes(text.encode("ascii", "surrogateescape"), _charset(part))
    body.texts.append(normalize_newlines(decoded.text))


def _walk_report(parts: list[Message], body: Body) -> None:
    """multipart/report (RFC 6522): the human part, the status as text, the returned
    message (or its headers) as an attachment whose Message-ID is remembered."""
    for index, part in enumerate(parts):
        ctype = part.get_content_type()
        if index == 0 and not part.is_multipart():
            body.texts.append(_text_of(part, body))
        elif ctype in ("message/delivery-status", "message/disposition-notification"):
            status = part.get_payload()
            chunks = status if isinstance(status, list) else [status]
            body.texts.append(
                "\n\n".join(normalize_newlines(str(c)).strip() for c in chunks if str(c).strip())
            )
        elif ctype in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            _remember_bounced(part, body)
            _attach_message(part, body)
        else:
            walk(part, body)


def _remember_bounced(part: Message, body: Body) -> None:
    inner = part.get_payload(0) if part.is_multipart() else None
    if isinstance(inner, Message):
        ids = message_ids(raw_header(inner, "message-id"))
    else:
        headers = email.message_from_bytes(_payload(part))
        ids = message_ids(raw_header(headers, "message-id"))
    if ids and body.bounced_message_id is None:
        body.bounced_message_id = ids[0]


def _walk_multipart(part: Message, body: Body, *, attachments_only: bool) -> None:
    ctype = part.get_content_type()
    children = [p for p in part.get_payload() if isinstance(p, Message)]
    if ctype == "multipart/alternative" and not attachments_only:
        chosen = _choose_alternative(children)
        for child in children:
            walk(child, body, attachments_only=child is not chosen)
    elif ctype == "multipart/report" and not attachments_only:
        _walk_report(children, body)
    else:
        for child in children:
            walk(child, body, attachments_only=attachments_only)


def walk(part: Message, body: Body, *, attachments_only: bool = False) -> None:
    """Collect the body texts and attachments of ``part`` and everything under it.

    ``attachments_only``: the part is an alternative we did not choose; only its images
    and named files are kept (its text is the same message again).
    """
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        if not attachments_only:
            _attach_message(part, body)
        return
    if part.is_multipart():
        _walk_multipart(part, body, attachments_only=attachments_only)
        return
    if part.get_content_maintype() == "multipart":
        if not attachments_only:
            _salvage(part, body)
        return
    if _is_body_leaf(part):
        if not attachments_only:
            body.texts.append(_text_of(part, body))
        return
    if attachments_only and not (filename_of(part) or part.get_content_maintype() == "image"):
        return
    _attach(part, body)
