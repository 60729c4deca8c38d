"""What the case actions announce, for the apps above ``cases`` to react to.

An action announces an event at its end, inside its transaction, with the case it locked
and saved. Subscribers run at once, one after the other in the order they subscribed
(the order of ``INSTALLED_APPS``, as each app subscribes in its ``AppConfig.ready()``);
an exception in one of them propagates out of the action and rolls the whole action back.
So ``cases`` never imports the apps that depend on it (decision 0008)::

    # kamitaiou/<app>/apps.py
    def ready(self) -> None:
        from kamitaiou.cases import events
        events.subscribe(events.StageChanged, on_stage_changed)

The events carry the locked ``Case`` instance itself: a subscriber may append to its
record (``record.append_event``) and save its chain head, as the action did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.db import transaction


@dataclass(frozen=True)
class Event:
    """Something that happened: who did it (``None`` for the system)."""

    actor: Any


@dataclass(frozen=True)
class CaseEvent(Event):
    """Something that happened to a case: who did it, and the locked, saved case."""

    case: Any


@dataclass(frozen=True)
class CaseOpened(CaseEvent):
    """A case was opened (its first message, if any, follows as ``InteractionRecorded``)."""


@dataclass(frozen=True)
class InteractionRecorded(CaseEvent):
    """An interaction (a call, a mail, a reply, a note) was inserted into the case record.

    Announced by ``actions.add_interaction`` — the one place every action (mail intake
    included) inserts one — as soon as it is inserted: ``case`` is locked, and the action
    saves it after its subscribers ran."""

    interaction: Any


@dataclass(frozen=True)
class CustomerSaved(Event):
    """A customer was created or changed (``do_create_customer``, the admin, or
    ``customer_edits.do_update_customer``); ``changes`` is ``{field: [before, after]}`` for
    an edit through ``do_update_customer`` (empty otherwise).

    ``cases`` itself seals the customer and its contracts into the record of each of its
    cases (``record_actions.do_seal_customer``, decision 0022) unless ``sealed`` says the
    announcer did."""

    customer: Any
    changes: dict[str, Any] = field(default_factory=dict)
    sealed: bool = False


@dataclass(frozen=True)
class ContractSaved(Event):
    """A contract was added (``customer_edits.do_create_contract``, ``created`` is True —
    ``followups.do_add_contract`` goes through it) or changed (``do_update_contract``;
    ``changes`` as above, empty for a new contract). ``cases`` seals it into the record of
    each case of its customer."""

    contract: Any
    changes: dict[str, Any] = field(default_factory=dict)
    created: bool = False


@dataclass(frozen=True)
class CustomerErased(Event):
    """A customer's personal data was erased (``erasure.do_erase_customer``): apps that keep
    copies (a search index, raw mails) erase theirs. ``cases`` are the customer's cases."""

    customer: Any
    cases: Any


@dataclass(frozen=True)
class StageChanged(CaseEvent):
    """The case moved from stage ``source`` to ``target`` (closing included)."""

    source: str
    target: str


@dataclass(frozen=True)
class CustomerContacted(CaseEvent):
    """The customer wrote or called (an inbound interaction on an existing case) at ``at``."""

    at: datetime


@dataclass(frozen=True)
class ProgressReportRecorded(CaseEvent):
    """A progress report to the customer was recorded (§5.4) at ``at``."""

    at: datetime


@dataclass(frozen=True)
class TimeOutTaken(CaseEvent):
    """The case takes time until ``until`` (§9.4) for ``reason``."""

    until: datetime
    reason: str


@dataclass(frozen=True)
class FactRecorded(CaseEvent):
    """One of the method's facts (``workflow.FACTS``) was recorded with ``value``."""

    fact: str
    value: Any
    note: str = ""


@dataclass(frozen=True)
class VisitPlanned(CaseEvent):
    """A visit was planned (§9.4); ``visit`` is the saved ``Visit``."""

    visit: Any


@dataclass(frozen=True)
class ReplyRecorded(CaseEvent):
    """A reply to the customer (an outbound interaction) was recorded.

    ``send`` is the reply channel (``reply_channels``) it is to go out by — ``"mail"`` when
    the writer chose メールで送信 — or ``""`` when it was only recorded. A subscriber that
    cannot send it raises ``actions.ActionError``: the reply is not saved either."""

    interaction: Any
    send: str = ""


@dataclass(frozen=True)
class HarassmentRecorded(CaseEvent):
    """Customer harassment was recorded on the case (§12): ``incident`` is the saved
    ``HarassmentIncident`` — detected by the analyzer (``interaction`` set) or entered by
    staff. The protection app opens its draft incident record from it."""

    incident: Any
    detected: bool = False


E = TypeVar("E", bound=Event)
Handler = Callable[[Any], None]

_subscribers: dict[type[Event], list[Handler]] = {}


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler(event)`` for every announced event of exactly ``event_type``.

    Subscribing the same handler twice is a no-op (``ready()`` may run more than once).
    """
    handlers = _subscribers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Stop calling ``handler`` for ``event_type`` (tests that subscribe for a while)."""
    handlers = _subscribers.get(event_type, [])
    if handler in handlers:
        handlers.remove(handler)


def subscribers(event_type: type[Event]) -> list[Handler]:
    """The handlers of ``event_type``, in the order they run."""
    return list(_subscribers.get(event_type, []))


def announce(event: Event) -> None:
    """Run the subscribers of ``event`` now, inside the caller's transaction.

    Refuses to run outside a transaction: what subscribers write must commit or roll
    back with the change they react to.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Case events are announced inside the action's transaction.")
    for handler in subscribers(type(event)):
        handler(event)
