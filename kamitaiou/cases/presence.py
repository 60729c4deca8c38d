"""Two people, one case (二重返信防止, issue #13 item 10).

The case page posts a heartbeat every ``HEARTBEAT_SECONDS`` (and soon after the writer
types) saying whether its reply box has text in it; the answer names the *other* people
who did the same within ``FRESH``: 「○○さんがこの案件の返信を作成中です」. Presence is a
hint, not a lock — nobody is kept from writing; the guard that matters is the one in
``actions.do_add_interaction`` against replying past customer messages not yet read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.cases.models import Case, ReplyPresence

HEARTBEAT_SECONDS = 20
#: A heartbeat older than this (three missed beats) means the page was closed.
FRESH = timedelta(seconds=3 * HEARTBEAT_SECONDS)
#: Rows older than this are deleted when the case's page beats again.
FORGET_AFTER = timedelta(days=1)
MAX_SHOWN = 10


def do_touch_presence(user: Any, case: Case, *, drafting: bool) -> None:
    """Record that ``user`` has ``case``'s page open now (``drafting``: with a draft).

    Not an event of the case record (a heartbeat is not something that happened to the
    case): one row per person and case, overwritten."""
    now = timezone.now()
    with transaction.atomic():
        updated = ReplyPresence.objects.filter(case=case, user=user).update(
            last_seen=now, drafting=drafting
        )
        if not updated:
            try:
                with transaction.atomic():
                    ReplyPresence.objects.create(
                        case=case, user=user, last_seen=now, drafting=drafting
                    )
            except IntegrityError:  # the same person's other tab got there first
                ReplyPresence.objects.filter(case=case, user=user).update(
                    last_seen=now, drafting=drafting
                )
        ReplyPresence.objects.filter(case=case, last_seen__lt=now - FORGET_AFTER).delete()


def others_present(case: Case, *, user: Any) -> list[dict[str, Any]]:
    """The other people with ``case``'s page open, writers first, as the notice says them."""
    rows = (
        ReplyPresence.objects.filter(case=case, last_seen__gte=timezone.now() - FRESH)
        .exclude(user=user)
        .select_related("user")
        .order_by("-drafting", "-last_seen")[:MAX_SHOWN]
    )
    return [
        {
            "name": str(row.user),
            "drafting": row.drafting,
            "text": (
                _("%(name)s is writing a reply to this case")
                if row.drafting
                else _("%(name)s has this case open")
            )
            % {"name": str(row.user)},
        }
        for row in rows
    ]
