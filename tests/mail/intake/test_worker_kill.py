"""A worker killed mid-batch and restarted takes every message exactly once.

Real ``kamitaiou db_worker`` processes — the production command of docs/operations.md,
nothing run before it — poll a real dovecot on 127.0.0.1 into a file-based SQLite
database. Each message's transaction is held open a moment
(``KAMITAIOU_TEST_HOLD_INTAKE_SECONDS``) so the SIGKILLs, after a random delay, land
inside an intake as well as between two. A last worker runs undisturbed. Then every
message has exactly one row, one case and one interaction, and the mailbox's last UID is
the folder's last.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.mail.intake.conftest import ROOT, make_mail

MESSAGES = 40
ROUNDS = 5


def kamitaiou(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kamitaiou", "db_worker", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return int(conn.execute(sql).fetchone()[0])


def wait_for(predicate: Any, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_worker_killed_mid_batch_takes_every_message_exactly_once(imap_folder, tmp_path):
    imap_folder.append(
        *(
            make_mail(subject=f"問い合わせ{i}", sender=f"客{i} <c{i}@example.com>")
            for i in range(MESSAGES)
        )
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EMAIL_BACKEND"}}
    env.update(
        KAMITAIOU_DATA_DIR=str(tmp_path),
        DEBUG="0",
        KAMITAIOU_ALLOW_DEV_KEY="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        KAMITAIOU_SWEEP_SECONDS="1",
        KAMITAIOU_MAIL_POLL_SECONDS="1",
        KAMITAIOU_MAIL_POLL_BATCH="4",
        KAMITAIOU_TASK_STALE_SECONDS="3",
        LOG_LEVEL="WARNING",
    )
    fields = imap_folder.mailbox_fields()
    kamitaiou("migrate", "-v0", env=env)
    kamitaiou(
        "shell",
        "-c",
        "from kamitaiou.accounts.models import Team\n"
        "from kamitaiou.mail.models import Mailbox\n"
        f"Mailbox.objects.create(address='support@example.test', name='support', "
        f"team=Team.objects.create(name='東京チーム'), **{fields!r})",
        env=env,
    )
    db = tmp_path / "kamitaiou.sqlite3"

    def taken() -> int:
        return count(db, "select count(*) from mail_inboundmail")

    seed = int(os.environ.get("KAMITAIOU_KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    log = tmp_path / "worker.log"
    kills = []
    for _ in range(ROUNDS):
        if taken() >= MESSAGES:
            break
        worker = start_worker({**env, "KAMITAIOU_TEST_HOLD_INTAKE_SECONDS": "0.1"}, log)
        before = taken()
        wait_for(lambda n=before: taken() > n, timeout=60)
        time.sleep(rng.uniform(0.0, 0.5))
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        kills.append(taken())

    worker = start_worker(env, log)  # restarted the documented way, left alone this time
    try:
        done = wait_for(lambda: taken() >= MESSAGES, timeout=120)
        assert done, log.read_text()[-3000:]
        time.sleep(2)  # a poll or two more: nothing may be taken twice
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)

    rows = count(db, "select count(*) from mail_inboundmail")
    distinct = count(db, "select count(distinct message_id) from mail_inboundmail")
    new = count(db, "select count(*) from mail_inboundmail where status = 'new'")
    cases = count(db, "select count(*) from cases_case")
    interactions = count(db, "select count(*) from cases_interaction")
    last_uid = count(db, "select last_uid from mail_mailbox")
    print(
        f"seed {seed}: {len(kills)} kills (rows taken at each) {kills}; "
        f"{rows} rows, {distinct} Message-IDs, {cases} cases, {interactions} interactions"
    )
    assert len(kills) >= 2, "the kills must land while mail is still being taken"
    assert kills[0] < MESSAGES, "the first kill must land mid-batch"
    assert (rows, distinct, new) == (MESSAGES, MESSAGES, MESSAGES), "lost or doubled"
    assert (cases, interactions) == (MESSAGES, MESSAGES), "a message doubled on the record"
    assert last_uid == MESSAGES
