"""Fixtures of the outgoing-mail tests: a mailbox, a customer with an address, and a real
SMTP server (aiosmtpd on 127.0.0.1) that can be told to refuse the next mails."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from tests.conftest import make_case, make_customer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ScriptedInbox:
    """What the server received; ``refuse`` answers the next DATA commands with a code."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.raw: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refusals: list[str] = []
        self.lock = threading.Lock()

    def refuse(self, *answers: str) -> None:
        with self.lock:
            self.refusals.extend(answers)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        from email import message_from_bytes, policy

        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            self.raw.append(envelope.original_content or envelope.content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def snapshot(self) -> list[Any]:
        with self.lock:
            return list(self.messages)


@pytest.fixture
def smtp(settings: Any) -> Any:
    """A real SMTP server on a free loopback port, Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = ScriptedInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def mailbox(team_a: Any) -> Any:
    from kamitaiou.mail.models import Mailbox

    return Mailbox.objects.create(
        address="support@example.jp",
        name="お客様サポート",
        team=team_a,
        from_address="support@example.jp",
        from_name="東京コールセンター",
        signature="神対応株式会社 東京コールセンター\nTEL 03-0000-0000",
    )


@pytest.fixture
def mail_case(operator_a: Any, team_a: Any, mailbox: Any) -> Any:
    customer = make_customer(team_a, name="山田 太郎", email="yamada@example.com")
    return make_case(
        operator_a,
        customer=customer,
        title="複合機が動かない",
        first_message="先週修理に来てもらったのに、また紙詰まりです。",
        assignee=operator_a,
        channel="mail",
    )


def reply_form(case: Any, text: str, **extra: Any) -> dict[str, Any]:
    """What the case page's form posts for a reply (``send="mail"``: メールで送信)."""
    data = {"direction": "out", "channel": "mail", "text": text, "occurred_at": ""}
    data.update({key: value for key, value in extra.items() if value is not None})
    return data
