"""Helpers for the follow-ups app tests: walking cases to the stages that plan follow-ups,
and a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from tests.walks import accept_demand, outcome, walk_complaint_to_executing

__all__ = ["accept_demand", "outcome", "walk_complaint_to_executing"]


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
