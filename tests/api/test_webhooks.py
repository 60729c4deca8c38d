"""Webhooks: a change to a case queues signed deliveries for its team's endpoints; the
worker posts them to a real receiver on 127.0.0.1, retries after a 500 with the same
event id, logs each attempt, and disables an endpoint that keeps failing."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from kamitaiou.api.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from kamitaiou.api.webhook_send import deliver, verify
from kamitaiou.cases.actions import do_add_interaction, do_change_stage
from tests.conftest import make_case

ALL = [
    "case.created",
    "case.stage_changed",
    "case.closed",
    "interaction.added",
    "escalation.raised",
    "approval.requested",
    "harassment.recorded",
]


class Receiver:
    """A webhook receiver: answers ``statuses`` in turn (then 200), de-duplicates by id."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.requests: list[dict[str, Any]] = []
        self.seen_ids: set[str] = set()
        self.processed: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append({"headers": dict(self.headers), "body": body})
                status = outer.statuses.pop(0) if outer.statuses else 200
                event_id = self.headers["X-Kamitaiou-Event-Id"]
                if status == 200 and event_id not in outer.seen_ids:
                    outer.seen_ids.add(event_id)
                    outer.processed.append(event_id)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def endpoint(team_a, receiver):
    return WebhookEndpoint.objects.create(team=team_a, url=receiver.url, events=ALL)


def deliver_all(now=None):
    return [deliver(d.pk, now=now) for d in WebhookDelivery.objects.order_by("pk")]


def test_a_new_case_is_delivered_signed_to_its_teams_endpoint(endpoint, receiver, operator_a):
    case = make_case(operator_a, first_message="請求書が届きません。")
    types = list(WebhookDelivery.objects.order_by("pk").values_list("event_type", flat=True))
    assert types == ["case.created", "interaction.added"]
    attempts = deliver_all()
    assert {a.state for a in attempts} == {DeliveryState.DELIVERED}
    first = receiver.requests[0]
    assert verify(endpoint.secret, first["headers"]["X-Kamitaiou-Signature"], first["body"])
    assert not verify("wrong", first["headers"]["X-Kamitaiou-Signature"], first["body"])
    body = json.loads(first["body"])
    assert body["type"] == "case.created" and body["case"]["id"] == case.pk
    assert first["headers"]["X-Kamitaiou-Event-Id"] == body["id"]
    logged = WebhookDelivery.objects.first()
    assert logged.last_status_code == 200 and logged.latency_ms is not None


def test_another_teams_case_is_not_sent_to_this_endpoint(endpoint, operator_b):
    make_case(operator_b, first_message="x")
    assert not WebhookDelivery.objects.exists()


def test_only_the_events_an_endpoint_picked_are_queued(team_a, receiver, operator_a):
    WebhookEndpoint.objects.create(team=team_a, url=receiver.url, events=["case.closed"])
    case = make_case(operator_a, first_message="x")
    do_change_stage(operator_a, case, target="calming")
    assert not WebhookDelivery.objects.exists()


def test_approval_requested_and_stage_changed_come_from_one_move(endpoint, operator_a):
    from kamitaiou.cases import method_actions as ma

    case = make_case(operator_a, kind="special_request")
    do_change_stage(operator_a, case, target="empathy")
    ma.do_record_fact(operator_a, case, fact="customer_benefit", value=True)
    do_change_stage(operator_a, case, target="approval_pending")
    types = list(WebhookDelivery.objects.order_by("pk").values_list("event_type", flat=True))
    assert types[-2:] == ["case.stage_changed", "approval.requested"]


def test_a_refused_action_queues_nothing(endpoint, operator_a):
    case = make_case(operator_a)
    before = WebhookDelivery.objects.count()
    from kamitaiou.cases.actions import ActionError

    with pytest.raises(ActionError):
        do_change_stage(operator_a, case, target="closed")
    assert WebhookDelivery.objects.count() == before


def test_a_500_is_retried_later_with_the_same_event_id_and_processed_once(
    endpoint, receiver, operator_a
):
    case = make_case(operator_a)
    delivery = WebhookDelivery.objects.get()
    receiver.statuses = [500]
    failed = deliver(delivery.pk)
    assert failed.state == DeliveryState.QUEUED and failed.status_code == 500
    assert failed.retry_at is not None
    assert deliver(delivery.pk).state == DeliveryState.QUEUED  # not due yet: nothing sent
    assert len(receiver.requests) == 1
    later = timezone.now() + timedelta(hours=7)
    assert deliver(delivery.pk, now=later).state == DeliveryState.DELIVERED
    ids = [r["headers"]["X-Kamitaiou-Event-Id"] for r in receiver.requests]
    assert len(ids) == 2 and len(set(ids)) == 1
    assert receiver.processed == ids[:1]
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_status_code == 200
    assert case.pk == delivery.payload["case"]["id"]


def test_a_receiver_that_answered_but_was_not_recorded_sees_a_duplicate_it_can_drop(
    endpoint, receiver, operator_a
):
    make_case(operator_a)
    delivery = WebhookDelivery.objects.get()
    deliver(delivery.pk)
    # the worker died before saving: the row is put back as if the claim ran out
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENDING)
    deliver(delivery.pk, now=timezone.now() + timedelta(minutes=5))
    assert len(receiver.requests) == 2 and len(receiver.processed) == 1


def test_an_unreachable_endpoint_fails_after_the_last_attempt(team_a, operator_a, settings):
    settings.KAMITAIOU_WEBHOOK_MAX_ATTEMPTS = 2
    WebhookEndpoint.objects.create(team=team_a, url="http://127.0.0.1:9/none", events=ALL)
    make_case(operator_a)
    delivery = WebhookDelivery.objects.get()
    assert deliver(delivery.pk).state == DeliveryState.QUEUED
    final = deliver(delivery.pk, now=timezone.now() + timedelta(hours=7))
    assert final.state == DeliveryState.FAILED
    delivery.refresh_from_db()
    assert delivery.last_error and delivery.last_status_code is None


def test_an_endpoint_that_keeps_failing_is_disabled_and_admins_are_told(
    endpoint, receiver, operator_a, admin_user, settings
):
    settings.KAMITAIOU_WEBHOOK_DISABLE_AFTER = 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin_user.email = "admin@example.invalid"
    admin_user.save()
    receiver.statuses = [500] * 10
    case = make_case(operator_a, first_message="x")
    do_add_interaction(
        operator_a,
        case,
        direction="internal",
        channel="phone",
        text="メモ",
        occurred_at=timezone.now(),
    )
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        deliver_all()
    endpoint.refresh_from_db()
    assert endpoint.disabled_at is not None and "3" in endpoint.disabled_reason
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["admin@example.invalid"]
    # a disabled endpoint gets nothing more
    make_case(operator_a)
    assert WebhookDelivery.objects.count() == 3


def test_the_delivery_log_is_read_only_in_the_admin(client, admin_user, endpoint, operator_a):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    make_case(operator_a)
    client.force_login(admin_user)
    assert client.get("/admin/api/webhookdelivery/").status_code == 200
    assert client.get("/admin/api/webhookdelivery/add/").status_code == 403
