"""Mail intake throughput: messages/s through ``kamitaiou intake-mail`` (the command called
in-process, one message per call, as an MTA pipe would hand them) and through the IMAP
poller against a real dovecot on 127.0.0.1 — parsing, threading, the case record and the
analyzer's reading included — beside bare parsing as the reference.

    .venv/bin/python bench/mail_intake.py [--messages 300]

Builds its own SQLite database in a temp dir (or uses DATABASE_URL). The messages are
real-shaped Japanese complaints (from eval/cases.tsv when present), each from its own
sender with its own subject, so every one opens a case; a tenth answer an earlier one
(In-Reply-To) and are threaded. The corpus of tests/mail/corpus is parsed as a second
reference when it is there.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "eval" / "cases.tsv"
CORPUS = ROOT / "tests" / "mail" / "corpus"
FALLBACK = [
    "昨日届いた商品が壊れていました。至急交換してください。",
    "何度電話してもつながりません。いったいどうなっているのですか。",
    "請求額が契約と違います。説明をお願いします。",
]


def texts(n: int) -> list[str]:
    found: list[str] = []
    if CASES.exists():
        with CASES.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if len(row.get("text") or "") > 10:
                    found.append(row["text"])
    found = found or FALLBACK
    return [found[i % len(found)] for i in range(n)]


def messages(n: int, *, to: str, tag: str) -> list[bytes]:
    from django.utils import timezone

    out = []
    for i, text in enumerate(texts(n)):
        msg = EmailMessage()
        msg["From"] = f"顧客{i} <c{tag}{i}@example.com>"
        msg["To"] = to
        msg["Subject"] = f"お問い合わせ {tag}-{i}"
        msg["Date"] = format_datetime(timezone.now())
        msg["Message-ID"] = f"<{tag}-{i}@bench.example.com>"
        if i % 10 == 9:
            msg["In-Reply-To"] = f"<{tag}-{i - 1}@bench.example.com>"
        msg.set_content(text + "\n\n--\n顧客" + str(i) + "\n")
        out.append(msg.as_bytes())
    return out


def rate(n: int, seconds: float) -> str:
    return f"{n} messages in {seconds:.1f} s = {n / seconds:,.1f} messages/s"


def bench_parse(raws: list[bytes]) -> None:
    from email import message_from_bytes

    from kamitaiou.mail.parsing import parse_message

    rounds = max(1, 2000 // max(1, len(raws)))
    for name, parse in (
        ("bare email.message_from_bytes", message_from_bytes),
        ("parse_message (decode, split)", parse_message),
    ):
        started = time.perf_counter()
        for _ in range(rounds):
            for raw in raws:
                parse(raw)
        print(f"reference, {name}: {rate(rounds * len(raws), time.perf_counter() - started)}")


def bench_command(n: int, team: object) -> None:
    from django.core.management import call_command

    from kamitaiou.mail.models import Mailbox

    Mailbox.objects.create(address="support@bench.test", name="support", team=team)
    raws = messages(n, to="support@bench.test", tag="cli")
    started = time.perf_counter()
    for raw in raws:
        call_command("intake_mail", "--json", stdin=io.BytesIO(raw), stdout=io.StringIO())
    print(f"intake-mail (in-process, analysis included): {rate(n, time.perf_counter() - started)}")


def bench_imap(n: int, team: object) -> None:
    import imaplib
    import ssl

    from kamitaiou.mail.imap import poll_mailbox
    from kamitaiou.mail.models import Mailbox

    script = ROOT / "scripts" / "imap-test-server.sh"
    directory = tempfile.mkdtemp(prefix="kamitaiou-imapbench.")
    env = {**os.environ, "IMAPTEST_DIR": directory}
    started = subprocess.run(
        ["bash", str(script), "start"], env=env, capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        print(f"IMAP poller: skipped, dovecot did not start: {started.stderr.strip()}")
        return
    try:
        values = dict(line.split("=", 1) for line in started.stdout.split())
        os.environ["KAMITAIOU_MAIL_IMAP_CAFILE"] = values["IMAPTEST_CAFILE"]
        os.environ["BENCH_IMAP_PASSWORD"] = values["IMAPTEST_PASSWORD"]
        context = ssl.create_default_context(cafile=values["IMAPTEST_CAFILE"])
        conn = imaplib.IMAP4_SSL("127.0.0.1", int(values["IMAPTEST_SSL_PORT"]), ssl_context=context)
        conn.login(values["IMAPTEST_USER"], values["IMAPTEST_PASSWORD"])
        for raw in messages(n, to="imap@bench.test", tag="imap"):
            conn.append("INBOX", None, None, raw)
        conn.logout()
        mailbox = Mailbox.objects.create(
            address="imap@bench.test",
            name="imap",
            team=team,
            imap_host="127.0.0.1",
            imap_port=int(values["IMAPTEST_SSL_PORT"]),
            imap_security="ssl",
            imap_user=values["IMAPTEST_USER"],
            password_env="BENCH_IMAP_PASSWORD",
        )
        began = time.perf_counter()
        report = poll_mailbox(mailbox)
        seconds = time.perf_counter() - began
        assert not report.error, report.error
        print(
            f"IMAP poller over TLS (fetch + intake + analysis): {rate(report.fetched, seconds)}"
            f"  {report.statuses}"
        )
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, check=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kamitaiou.accounts.models import Team
    from kamitaiou.analysis.reader.active import active_reader

    call_command("migrate", verbosity=0)
    active_reader()  # loaded once, outside the timings (every process loads it once)
    samples = messages(min(args.messages, 200), to="x@bench.test", tag="ref")
    bench_parse(samples)
    corpus = sorted(CORPUS.glob("*.eml")) if CORPUS.exists() else []
    if corpus:
        from kamitaiou.mail.parsing import parse_message

        raws = [p.read_bytes() for p in corpus]
        began = time.perf_counter()
        for _ in range(20):
            for raw in raws:
                with contextlib.suppress(ValueError):
                    parse_message(raw)
        print(
            f"reference, parse_message on the corpus ({len(raws)} files): "
            f"{rate(20 * len(raws), time.perf_counter() - began)}"
        )
    team = Team.objects.create(name="ベンチ")
    bench_command(args.messages, team)
    bench_imap(args.messages, team)


if __name__ == "__main__":
    main()
