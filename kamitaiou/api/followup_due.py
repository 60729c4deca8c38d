"""``followup.due``: queued by the worker's follow-up sweep when a follow-up falls due.

A follow-up falling due is a time, not an entry of a case record, so it cannot ride on
the record's insert like the other events. The follow-ups app runs its registered sweep
steps (``followups.tasks.register_sweep_step``, from ``ApiConfig.ready``: the follow-ups
app imports nothing of the API) and this one queues a delivery per subscribed endpoint
of the follow-up's team for every open follow-up whose due time passed since the last
sweep. ``WebhookSweep`` keeps how far that got, under a row lock, so two workers do not
both queue a window; a window is looked at again from its start when a sweep stopped
half-way, and the unique (endpoint, event id) keeps that harmless.

The event id is derived from the follow-up and its due time: the same due time is the
same event on every attempt and every sweep; a follow-up moved to a later time falls due
again as a new event. A follow-up created already past due (its time before the last
sweep) is not announced; on its first sweep the worker starts from now (no backlog).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db import transaction

from kamitaiou.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent, WebhookSweep
from kamitaiou.api.webhooks import NAMESPACE, case_snapshot
from kamitaiou.followups.models import FollowUp, Status

EVENT = str(WebhookEvent.FOLLOWUP_DUE)
#: follow-ups looked at per sweep; the rest wait for the next one (the window stops there)
BATCH = 2_000


def event_id_for(followup: FollowUp) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"followup:{followup.pk}:due:{followup.due_at.isoformat()}")


def payload_for(followup: FollowUp, event_id: uuid.UUID, *, now: datetime) -> dict[str, Any]:
    """What is posted: the follow-up and, when it belongs to one, its case."""
    return {
        "id": str(event_id),
        "type": EVENT,
        "created_at": now.isoformat(),
        "followup": {
            "id": followup.pk,
            "kind": followup.kind,
            "title": followup.title,
            "due_at": followup.due_at.isoformat(),
            "case_id": followup.case_id,
            "customer_id": followup.customer_id,
            "owner_id": followup.owner_id,
        },
        "case": case_snapshot(followup.case) if followup.case is not None else None,
    }


def _team_of(followup: FollowUp) -> int:
    return followup.case.team_id if followup.case is not None else followup.customer.team_id


@transaction.atomic
def queue_followups_due(*, now: datetime) -> int:
    """Queue ``followup.due`` for the follow-ups due since the last sweep; how many."""
    from kamitaiou.api.webhook_send import deliver_webhook  # noqa: PLC0415

    WebhookSweep.objects.get_or_create(pk=1)
    sweep = WebhookSweep.objects.select_for_update().get(pk=1)
    since = sweep.followups_due_until or now
    until = now
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(disabled_at__isnull=True)
        if EVENT in (e.events or [])
    ]
    queued = 0
    if endpoints:
        due = list(
            FollowUp.objects.filter(status=Status.OPEN, due_at__gte=since, due_at__lte=now)
            .select_related("case", "customer")
            .order_by("due_at", "pk")[:BATCH]
        )
        if len(due) == BATCH:
            until = due[-1].due_at  # the rest of the window next time (from this time on)
        for followup in due:
            queued += _queue(followup, endpoints, now=now, task=deliver_webhook)
    sweep.followups_due_until = until
    sweep.save(update_fields=["followups_due_until"])
    return queued


def _queue(
    followup: FollowUp, endpoints: list[WebhookEndpoint], *, now: datetime, task: Any
) -> int:
    team = _team_of(followup)
    event_id = event_id_for(followup)
    queued = 0
    for endpoint in endpoints:
        if endpoint.team_id != team:
            continue
        delivery, created = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_id=event_id,
            defaults={
                "event_type": EVENT,
                "payload": payload_for(followup, event_id, now=now),
                "next_attempt_at": now,
            },
        )
        if created:
            task.enqueue(delivery.pk)
            queued += 1
    return queued
