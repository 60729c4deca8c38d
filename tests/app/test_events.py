"""The cases actions announce domain events inside their transaction (decision 0008)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from kamitaiou.cases import events
from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import ActionError, do_add_interaction, do_change_stage
from kamitaiou.cases.models import Case, Interaction
from kamitaiou.cases.record import verify_case
from tests.conftest import make_case
from tests.walks import outcome, walk_complaint_to_executing


@pytest.fixture
def subscribed() -> Iterator[Any]:
    """Subscribe handlers for one test; unsubscribed again afterwards."""
    added: list[tuple[type[events.CaseEvent], Any]] = []

    def subscribe(event_type: type[events.CaseEvent], handler: Any) -> None:
        events.subscribe(event_type, handler)
        added.append((event_type, handler))

    yield subscribe
    for event_type, handler in added:
        events.unsubscribe(event_type, handler)


def _refuse(event: events.CaseEvent) -> None:
    raise ActionError("購読側で失敗しました。")


def test_an_exception_in_a_subscriber_rolls_the_stage_change_back(operator_a, subscribed):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    do_change_stage(operator_a, case, target="verifying")
    ma.do_record_fact(operator_a, case, fact="verification_improved", value=True)
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    before = Case.objects.get(pk=case.pk)
    followups = sorted(before.followups.values_list("kind", "status"))
    subscribed(events.StageChanged, _refuse)
    with pytest.raises(ActionError, match="購読側"):
        do_change_stage(operator_a, case, target="closed")
    after = Case.objects.get(pk=case.pk)
    assert (after.stage, after.closed_at, after.record_seq) == (
        "verifying",
        None,
        before.record_seq,
    )
    # The follow-ups app heard first and planned the check-ins; they are gone with the change.
    assert sorted(after.followups.values_list("kind", "status")) == followups
    assert verify_case(after) == []


def test_an_exception_in_a_subscriber_rolls_the_customers_message_back(operator_a, subscribed):
    case = make_case(operator_a, assignee=operator_a)
    subscribed(events.CustomerContacted, _refuse)
    with pytest.raises(ActionError):
        do_add_interaction(
            operator_a,
            case,
            direction="in",
            channel="phone",
            text="まだ届いていません。",
            occurred_at=timezone.now(),
        )
    assert not Interaction.objects.filter(case=case, text="まだ届いていません。").exists()


def test_subscribers_hear_their_event_in_the_order_they_subscribed(operator_a, subscribed):
    heard: list[tuple[str, str]] = []
    subscribed(events.StageChanged, lambda e: heard.append(("first", e.target)))
    subscribed(events.StageChanged, lambda e: heard.append(("second", e.target)))
    subscribed(events.FactRecorded, lambda e: heard.append(("fact", e.fact)))
    case = make_case(operator_a, assignee=operator_a)
    changed = do_change_stage(operator_a, case, target="calming")
    assert heard == [("first", "calming"), ("second", "calming")]
    assert changed.stage == "calming"


def test_the_event_carries_the_locked_and_saved_case(operator_a, subscribed):
    seen: list[events.StageChanged] = []
    subscribed(events.StageChanged, seen.append)
    case = make_case(operator_a, assignee=operator_a)
    returned = do_change_stage(operator_a, case, target="calming", note="落ち着いて")
    (event,) = seen
    assert event.case is returned
    assert (event.actor, event.source, event.target) == (operator_a, case.stage, "calming")
    assert Case.objects.get(pk=case.pk).record_seq == event.case.record_seq


def test_subscribing_the_same_handler_twice_runs_it_once(operator_a, subscribed):
    heard: list[str] = []

    def handler(event: events.StageChanged) -> None:
        heard.append(event.target)

    subscribed(events.StageChanged, handler)
    subscribed(events.StageChanged, handler)
    do_change_stage(operator_a, make_case(operator_a), target="calming")
    assert heard == ["calming"]


def test_an_event_is_never_announced_outside_a_transaction():
    with pytest.raises(RuntimeError, match="transaction"):
        events.announce(events.StageChanged(None, None, source="a", target="b"))
