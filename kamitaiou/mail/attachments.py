"""Attachments of incoming mail: kept with the interaction, within the size limits.

An attachment larger than ``KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES``, or one that would take
the message's kept attachments past ``KAMITAIOU_MAIL_MAX_MESSAGE_BYTES``, is recorded
without its bytes (``MailAttachment.omitted``): the case page says what was left out, the
mail itself is still taken, and the raw message keeps everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings

from kamitaiou.cases.models import Interaction
from kamitaiou.mail.models import InboundMail, MailAttachment
from kamitaiou.mail.parsing import MailAttachment as ParsedAttachment

DEFAULT_NAME = "attachment"


def human_size(size: int) -> str:
    """1234567 → '1.2 MB' (for notes and the case page)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


def safe_filename(name: str) -> str:
    """The file name without directories or control characters, bounded."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().strip(".")
    return (cleaned or DEFAULT_NAME)[:255]


def store(
    row: InboundMail, interaction: Interaction, parts: Sequence[ParsedAttachment]
) -> list[str]:
    """Store ``parts`` with ``interaction``; return the notes on what was left out."""
    per_file = settings.KAMITAIOU_MAIL_MAX_ATTACHMENT_BYTES
    per_message = settings.KAMITAIOU_MAIL_MAX_MESSAGE_BYTES
    kept = 0
    notes = []
    for part in parts:
        data = bytes(part.data)
        name = safe_filename(part.filename)
        size = len(data)
        omitted = ""
        if size > per_file:
            omitted = f"1ファイルの上限（{human_size(per_file)}）を超えています"
        elif kept + size > per_message:
            omitted = f"1通あたりの添付の上限（{human_size(per_message)}）を超えています"
        else:
            kept += size
        MailAttachment.objects.create(
            interaction=interaction,
            inbound=row,
            filename=name,
            content_type=(part.content_type or "application/octet-stream")[:255],
            size=size,
            sha256=hashlib.sha256(data).hexdigest(),
            data=b"" if omitted else data,
            omitted=omitted,
        )
        if omitted:
            notes.append(
                f"添付ファイル「{name}」（{human_size(size)}）は保存していません: {omitted}"
            )
    return notes
