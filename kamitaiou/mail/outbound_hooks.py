"""How the outgoing mail plugs into the case page without ``cases`` importing ``mail``:
the 「メールで送信」 choice (``reply_channels``), the queueing (``events.ReplyRecorded``)
and the state under the reply on the record (``record_hooks``) — and into the intake's
threading (our Message-IDs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _


def connect_outbound() -> None:
    """Called from ``MailConfig.ready()``; safe to call more than once."""
    from kamitaiou.cases import events, record_hooks, reply_channels  # noqa: PLC0415
    from kamitaiou.mail import outbound, threading  # noqa: PLC0415

    events.subscribe(events.ReplyRecorded, outbound.on_reply_recorded)
    # A customer's answer to one of our replies joins its case by In-Reply-To/References.
    threading.register_message_finder("outbound", outbound.case_for_our_message_ids)
    reply_channels.register_channel(outbound.CHANNEL, offer=outbound.mail_offer)
    record_hooks.register_note(
        "mail.outbound",
        build=outbound_notes,
        template="mail/_outbound_note.html",
        related=("outbound_mail",),
    )


def outbound_notes(interactions: Sequence[Any]) -> dict[int, dict[str, Any]]:
    """The sending state of the replies among ``interactions`` that went by mail; no query
    (the timeline joined ``outbound_mail``)."""
    from kamitaiou.mail.outbound_models import OutboundState  # noqa: PLC0415

    notes = {}
    for interaction in interactions:
        if interaction.direction != "out":
            continue
        try:
            row = interaction.outbound_mail
        except ObjectDoesNotExist:
            continue
        notes[row.interaction_id] = {
            "state": row.state,
            "label": row.get_state_display(),
            "to": row.to_address,
            "subject": row.subject,
            "sent_at": row.sent_at,
            "attempts": row.attempts,
            "error": row.last_error,
            "retry_at": row.next_attempt_at if row.state == OutboundState.QUEUED else None,
            "retrying": row.state == OutboundState.QUEUED and row.attempts > 0,
            "notes": row.notes,
            "title": _("Mail to %(to)s") % {"to": row.to_address},
        }
    return notes
