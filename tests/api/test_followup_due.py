"""``followup.due`` (queued by the worker's sweep when a follow-up falls due) and
``harassment.recorded`` (an incident on the record) reach a real receiver on 127.0.0.1,
signed, once per event id however often the sweep runs."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from kamitaiou.api.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from kamitaiou.api.webhook_send import deliver, verify
from kamitaiou.followups.models import FollowUp
from kamitaiou.followups.tasks import run_sweep
from tests.api.test_webhooks import ALL, deliver_all, receiver  # noqa: F401 (a fixture)
from tests.conftest import make_case


def _followup(case, *, due_at, key="t"):
    return FollowUp.objects.create(
        case=case,
        customer=case.customer,
        kind="after_follow_checkin",
        due_at=due_at,
        title="ご様子伺い",
        dedupe_key=f"test:{key}",
    )


def test_every_webhook_event_of_the_issue_can_be_picked():
    from kamitaiou.api.models import WebhookEvent

    assert set(WebhookEvent.values) == {*ALL, "followup.due"}


def test_a_follow_up_falling_due_is_sent_once_by_the_sweep(team_a, receiver, operator_a):  # noqa: F811
    endpoint = WebhookEndpoint.objects.create(
        team=team_a, url=receiver.url, events=["followup.due"]
    )
    case = make_case(operator_a, assignee=operator_a)
    now = timezone.now()
    run_sweep(now=now)  # the first sweep starts the window now
    soon = _followup(case, due_at=now + timedelta(minutes=5), key="soon")
    _followup(case, due_at=now + timedelta(days=3), key="later")
    assert run_sweep(now=now + timedelta(minutes=1))["followup_due_webhooks"] == 0
    assert run_sweep(now=now + timedelta(minutes=6))["followup_due_webhooks"] == 1
    assert run_sweep(now=now + timedelta(minutes=7))["followup_due_webhooks"] == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.event_type == "followup.due"
    assert deliver(delivery.pk, now=now + timedelta(minutes=7)).state == DeliveryState.DELIVERED
    sent = receiver.requests[0]
    assert verify(endpoint.secret, sent["headers"]["X-Kamitaiou-Signature"], sent["body"])
    body = json.loads(sent["body"])
    assert body["type"] == "followup.due" and body["followup"]["id"] == soon.pk
    assert body["case"]["id"] == case.pk and sent["headers"]["X-Kamitaiou-Event-Id"] == body["id"]


def test_a_sweep_looking_at_a_window_again_queues_no_second_delivery(
    team_a,
    receiver,  # noqa: F811
    operator_a,
):
    from kamitaiou.api import followup_due
    from kamitaiou.api.models import WebhookSweep

    WebhookEndpoint.objects.create(team=team_a, url=receiver.url, events=["followup.due"])
    case = make_case(operator_a, assignee=operator_a)
    now = timezone.now()
    followup_due.queue_followups_due(now=now)
    _followup(case, due_at=now + timedelta(minutes=1))
    assert followup_due.queue_followups_due(now=now + timedelta(minutes=2)) == 1
    WebhookSweep.objects.update(followups_due_until=now)  # as if the sweep stopped half-way
    assert followup_due.queue_followups_due(now=now + timedelta(minutes=3)) == 0
    assert WebhookDelivery.objects.count() == 1


def test_a_done_follow_up_or_another_teams_is_not_sent(team_a, team_b, operator_a, operator_b):
    from kamitaiou.api import followup_due

    WebhookEndpoint.objects.create(team=team_a, url="http://127.0.0.1:9/", events=["followup.due"])
    now = timezone.now()
    followup_due.queue_followups_due(now=now)
    mine = make_case(operator_a)
    done = _followup(mine, due_at=now + timedelta(minutes=1), key="done")
    done.status, done.done_at = "done", now
    done.save()
    _followup(make_case(operator_b), due_at=now + timedelta(minutes=1), key="other")
    assert followup_due.queue_followups_due(now=now + timedelta(minutes=2)) == 0


def test_harassment_read_in_a_message_is_sent_as_harassment_recorded(
    team_a,
    receiver,  # noqa: F811
    operator_a,
):
    WebhookEndpoint.objects.create(team=team_a, url=receiver.url, events=["harassment.recorded"])
    case = make_case(operator_a, first_message="お前みたいなクズは土下座しろ。")
    delivery = WebhookDelivery.objects.get()
    assert delivery.event_type == "harassment.recorded"
    deliver_all()
    body = json.loads(receiver.requests[0]["body"])
    assert body["case"]["id"] == case.pk and body["record"]["kind"] == "incident"
    assert {"abuse", "dogeza_demand"} <= set(body["record"]["data"]["labels"])
