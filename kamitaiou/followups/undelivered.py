"""Reminders that could not be delivered: shown, never dropped silently.

A supervisor sees those of the teams they lead, an admin all of them, anyone else their
own — each with the reason (no address, refused by the mail server …), so someone can
add the address or call the person instead.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kamitaiou.accounts.models import Role
from kamitaiou.followups.access import visible_followups
from kamitaiou.followups.models import ReminderDelivery

LIMIT = 200


def undelivered_for(user: Any) -> QuerySet[ReminderDelivery]:
    """Failed reminder deliveries ``user`` should know about, newest first."""
    followups = visible_followups(user)
    if getattr(user, "role", None) not in (Role.SUPERVISOR, Role.ADMIN):
        followups = followups.owned_by(user)
    return (
        ReminderDelivery.objects.filter(
            state=ReminderDelivery.State.FAILED, followup__in=followups.values("pk")
        )
        .select_related("followup", "followup__owner", "followup__case", "followup__customer")
        .select_related("followup__case__assignee")
        .order_by("-created_at", "-pk")
    )
