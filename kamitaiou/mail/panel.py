"""The case page's mail panel: the mail that came in on the case, the whole original of
each (collapsible), and its attachments — built here so the template only renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from kamitaiou.mail.attachments import human_size
from kamitaiou.mail.models import InboundMail, MailAttachment

#: The panel shows the latest mails of a case, this many at most (bounded queries).
LIMIT = 20


@dataclass
class AttachmentRow:
    attachment: MailAttachment
    size_label: str
    can_download: bool


@dataclass
class MailRow:
    mail: InboundMail
    anchor: str
    attachments: list[AttachmentRow]


def case_panel(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """The panel's context for ``case`` (which the page already let ``request`` see),
    or ``None`` when no mail came in on it. Two queries."""
    mails = list(
        InboundMail.objects.filter(case=case)
        .defer("raw")
        .select_related("mailbox", "interaction__event")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=MailAttachment.objects.defer("data").order_by("pk"),
            )
        )
        .order_by("-received_at", "-pk")[:LIMIT]
    )
    if not mails:
        return None
    rows = []
    for mail in mails:
        event = getattr(mail.interaction, "event", None) if mail.interaction_id else None
        rows.append(
            MailRow(
                mail=mail,
                anchor=f"e{event.seq}" if event is not None else "",
                attachments=[
                    AttachmentRow(a, human_size(a.size), can_download=not a.omitted)
                    for a in mail.attachments.all()
                ],
            )
        )
    return {"rows": rows, "more": len(rows) == LIMIT}
