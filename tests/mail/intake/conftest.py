"""Mailboxes on the conftest's teams, raw messages built by hand, and a real IMAP server.

``imap_server`` starts Debian's dovecot (``scripts/imap-test-server.sh``) once per session
on 127.0.0.1; ``imap_folder`` gives each test a folder of its own, with ``append(raw)``
over IMAP, and a mailbox configured to poll it.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import ssl
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "imap-test-server.sh"
DOVECOT = "/usr/sbin/dovecot"


def make_mail(
    *,
    to: str = "support@example.test",
    sender: str = "山田 太郎 <yamada@example.com>",
    subject: str = "納品物の不具合について",
    body: str = "昨日届いた商品が壊れていました。交換をお願いします。",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """A plain UTF-8 message as a mailer would send it (attachments: name, type, bytes)."""
    from django.utils import timezone

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(domain="example.com")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def message_id_of(raw: bytes) -> str:
    from email import message_from_bytes

    return str(message_from_bytes(raw)["Message-ID"]).strip().strip("<>")


def make_mailbox(team: Any, address: str, **fields: Any) -> Any:
    from kamitaiou.mail.models import Mailbox

    return Mailbox.objects.create(
        address=address, name=address.split("@", maxsplit=1)[0], team=team, **fields
    )


@pytest.fixture
def mailbox_a(team_a: Any) -> Any:
    return make_mailbox(team_a, "support@example.test")


@pytest.fixture
def mailbox_a2(team_a: Any) -> Any:
    return make_mailbox(team_a, "info@example.test")


@pytest.fixture
def mailbox_b(team_b: Any) -> Any:
    return make_mailbox(team_b, "sales@example.test")


# --- the IMAP server ---------------------------------------------------------------


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    ssl_port: int
    user: str
    password: str
    cafile: str

    def connect(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=self.cafile)
        conn = imaplib.IMAP4_SSL(self.host, self.ssl_port, ssl_context=context, timeout=20)
        conn.login(self.user, self.password)
        return conn


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """Debian's dovecot on 127.0.0.1 for the whole session (make test installs it)."""
    if not Path(DOVECOT).exists() or shutil.which("openssl") is None:
        pytest.skip("dovecot (dovecot-imapd) is not installed: scripts/ensure-system-deps.sh")
    # Not under pytest's 0700 temp dir: the server runs as the "dovecot" user under root.
    directory = Path(tempfile.mkdtemp(prefix="kamitaiou-imaptest."))
    env = {**os.environ, "IMAPTEST_DIR": str(directory)}
    started = subprocess.run(
        ["bash", str(SCRIPT), "start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode == 0, started.stderr
    values = dict(line.split("=", 1) for line in started.stdout.split() if "=" in line)
    server = ImapServer(
        host=values["IMAPTEST_HOST"],
        port=int(values["IMAPTEST_PORT"]),
        ssl_port=int(values["IMAPTEST_SSL_PORT"]),
        user=values["IMAPTEST_USER"],
        password=values["IMAPTEST_PASSWORD"],
        cafile=values["IMAPTEST_CAFILE"],
    )
    previous = os.environ.get("KAMITAIOU_MAIL_IMAP_CAFILE")
    os.environ["KAMITAIOU_MAIL_IMAP_CAFILE"] = server.cafile
    os.environ["KAMITAIOU_TEST_IMAP_PASSWORD"] = server.password
    try:
        yield server
    finally:
        if previous is None:
            os.environ.pop("KAMITAIOU_MAIL_IMAP_CAFILE", None)
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, timeout=60, check=False)
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class ImapFolder:
    server: ImapServer
    name: str

    def append(self, *messages: bytes) -> None:
        conn = self.server.connect()
        try:
            for raw in messages:
                status, data = conn.append(f'"{self.name}"', None, None, raw)
                assert status == "OK", data
        finally:
            conn.logout()

    def mailbox_fields(self, *, security: str = "ssl") -> dict[str, Any]:
        port = self.server.ssl_port if security == "ssl" else self.server.port
        return {
            "imap_host": self.server.host,
            "imap_port": port,
            "imap_security": security,
            "imap_user": self.server.user,
            "imap_folder": self.name,
            "password_env": "KAMITAIOU_TEST_IMAP_PASSWORD",
        }


def new_folder(server: ImapServer) -> ImapFolder:
    name = f"t{uuid.uuid4().hex[:12]}"
    conn = server.connect()
    try:
        status, data = conn.create(f'"{name}"')
        assert status == "OK", data
    finally:
        conn.logout()
    return ImapFolder(server, name)


@pytest.fixture
def imap_folder(imap_server: ImapServer) -> ImapFolder:
    """A fresh IMAP folder of the session's server, for one test."""
    return new_folder(imap_server)
