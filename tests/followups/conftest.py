"""Helpers for the follow-ups app tests: walking cases to the stages that plan follow-ups,
and a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk
from kamitaiou.method.outcome import Ending, Impact, Outcome


def outcome() -> Outcome:
    return Outcome(
        ending=Ending.FAN, impacts=frozenset({Impact.TRUST}), trust_before=2, trust_after=4
    )


def walk_complaint_to_executing(user: Any, case: Any) -> None:
    do_change_stage(user, case, target="calming")
    ma.do_record_fact(user, case, fact="customer_calm", value=True)
    do_change_stage(user, case, target="hearing")
    ma.do_record_fact(user, case, fact="fault_assessed", value=False)
    do_change_stage(user, case, target="proposal")
    ma.do_record_fact(user, case, fact="customer_consent", value=True)
    do_change_stage(user, case, target="agreed")
    do_change_stage(user, case, target="executing")


def accept_demand(user: Any, case: Any) -> None:
    """Walk an unreasonable demand to executing (accepted, scope fixed, §5)."""
    do_change_stage(user, case, target="empathy")
    do_change_stage(user, case, target="assessment")
    ma.do_assess_demand(
        user,
        case,
        decision="accept",
        assessment=Assessment(
            success_probability=80,
            risk=Risk(cost_yen=10_000),
            benefit=Benefit(trust_gain=Level.HIGH, new_business_yen=500_000),
        ),
    )
    do_change_stage(user, case, target="scope")
    ma.do_answer_scope(
        user,
        case,
        answers=[
            ("current_trouble", "発注漏れ", "customer"),
            ("shortfall", "展示品のため色味が異なる", "us"),
            ("incidental", "搬入許可はビル管理会社", "third_party"),
        ],
    )
    do_change_stage(user, case, target="executing")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    """What the SMTP server received (thread-safe)."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def snapshot(self) -> list[Any]:
        with self.lock:
            return list(self.messages)


@pytest.fixture
def smtp_server() -> Any:
    """A real SMTP server on 127.0.0.1 (random free port); yields (inbox, port)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_to(settings: Any, smtp_server: Any) -> Any:
    """Point Django's SMTP backend at the loopback server; yields the inbox."""
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    return inbox


@pytest.fixture
def ticking_clock(monkeypatch: Any) -> None:
    """Each ``timezone.now()`` is one second after the previous one.

    Dedupe keys carry the event's time to the second (a double click is one event), so
    a test that accepts a demand and reports progress within the same second would plan
    one follow-up for two events; people are slower than that.
    """
    from datetime import timedelta

    from django.utils import timezone

    real_now = timezone.now
    ticks = iter(range(1, 10**9))
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=next(ticks)))
