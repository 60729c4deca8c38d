"""Which case events become which webhook events, and queueing them (the outbox).

Every change to a case appends an event to its record (``cases.record``); a receiver of
that insert queues one ``WebhookDelivery`` per subscribed endpoint of the case's team,
in the same transaction — so a delivery exists exactly when the change committed — and
enqueues its task (django-tasks-db's queue is a table: saved with it too).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from kamitaiou.api.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from kamitaiou.cases.models import Case, CaseEvent, EventKind
from kamitaiou.method.stages import Stage

#: event ids are derived from the record entry, so the same change always has the same id
NAMESPACE = uuid.UUID("6f6b1a8e-2a57-4c1e-9b7c-4b616d697461")


def types_for(event: CaseEvent) -> list[str]:
    """The webhook events one entry of the case record stands for."""
    kinds = {
        EventKind.CREATED: [WebhookEvent.CASE_CREATED],
        EventKind.INTERACTION: [WebhookEvent.INTERACTION_ADDED],
        EventKind.ESCALATED: [WebhookEvent.ESCALATION_RAISED],
        EventKind.INCIDENT: [WebhookEvent.HARASSMENT_RECORDED],
    }
    found = list(kinds.get(event.kind, []))  # type: ignore[call-overload]
    if event.kind == EventKind.STAGE_CHANGED:
        found.append(WebhookEvent.CASE_STAGE_CHANGED)
        target = str((event.data or {}).get("to", ""))
        if target == Stage.APPROVAL_PENDING.value:
            found.append(WebhookEvent.APPROVAL_REQUESTED)
        if target in Stage._value2member_map_ and Stage(target).is_terminal:
            found.append(WebhookEvent.CASE_CLOSED)
    return [str(t) for t in found]


def case_snapshot(case: Case) -> dict[str, Any]:
    """The case as a webhook shows it (the same in every event)."""
    return {
        "id": case.pk,
        "kind": case.kind,
        "stage": case.stage,
        "title": case.title,
        "team_id": case.team_id,
        "priority": case.priority,
        "assignee_id": case.assignee_id,
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
    }


def payload_for(event: CaseEvent, event_type: str, event_id: uuid.UUID) -> dict[str, Any]:
    """What is posted: the event, a snapshot of the case, the record entry."""
    body: dict[str, Any] = {
        "id": str(event_id),
        "type": event_type,
        "created_at": event.created_at.isoformat(),
        "case": case_snapshot(event.case),
        "record": {
            "seq": event.seq,
            "kind": event.kind,
            "actor_id": event.actor_id,
            "data": event.data,
        },
    }
    interaction = event.interaction
    if interaction is not None:
        body["interaction"] = {
            "id": interaction.pk,
            "direction": interaction.direction,
            "channel": interaction.channel,
            "text": interaction.text,
            "occurred_at": interaction.occurred_at.isoformat(),
        }
    return body


def queue_deliveries(event: CaseEvent) -> list[WebhookDelivery]:
    """Queue the deliveries of ``event`` (inside the action's transaction)."""
    from kamitaiou.api.webhook_send import deliver_webhook  # noqa: PLC0415

    types = types_for(event)
    if not types:
        return []
    endpoints = WebhookEndpoint.objects.filter(team_id=event.case.team_id, disabled_at__isnull=True)
    queued = []
    now = timezone.now()
    for endpoint in endpoints:
        for event_type in types:
            if event_type not in (endpoint.events or []):
                continue
            event_id = uuid.uuid5(NAMESPACE, f"{event.pk}:{event_type}")
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                event_id=event_id,
                event_type=event_type,
                payload=payload_for(event, event_type, event_id),
                next_attempt_at=now,
            )
            deliver_webhook.enqueue(delivery.pk)
            queued.append(delivery)
    return queued


def _on_record(sender: Any, instance: CaseEvent, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        queue_deliveries(instance)


def connect() -> None:
    post_save.connect(_on_record, sender=CaseEvent, dispatch_uid="api.webhooks")
