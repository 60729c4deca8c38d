"""A worker killed mid-run loses nothing and sends nothing twice.

A real ``db_worker`` process runs the sweep against a file-based SQLite database and
mails a real SMTP server on loopback. It holds each claimed reminder for a moment before
sending (``KAMITAIOU_TEST_HOLD_CLAIM_SECONDS``), so the SIGKILL that follows the second
mail lands while a reminder is claimed but not sent. After a restart (as ``kamitaiou
serve`` does it: ``remind --schedule``, then ``db_worker``) every due reminder must have
arrived exactly once, while the worker keeps sweeping every second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 6

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from kamitaiou.followups.models import FollowUp
from tests.conftest import make_case, make_user
from kamitaiou.accounts.models import Team
team = Team.objects.create(name="東京チーム")
user = make_user("rep", "sales_rep", team)
user.email = "rep@example.jp"
user.save()
for i in range({REMINDERS}):
    case = make_case(user, title=f"案件{{i}}", assignee=user)
    FollowUp.objects.create(
        case=case, customer=case.customer, kind="after_follow_checkin",
        due_at=timezone.now() - timedelta(minutes=1), title=f"リマインダー{{i}}",
        dedupe_key=f"test:{{i}}",
    )
"""

REPORT = """
from kamitaiou.followups.models import ReminderDelivery
print(sorted(ReminderDelivery.objects.values_list("state", flat=True)))
"""


def kamitaiou(*args: str, env: dict[str, str], timeout: int = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "kamitaiou", "db_worker"),
            *("--interval", "0.2", "--no-reload", "--no-startup-delay"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for(predicate: Any, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def subjects(inbox: Any) -> Counter[str]:
    return Counter(str(m["Subject"]).split("（", 1)[0].strip() for m in inbox.snapshot())


def test_killed_worker_loses_no_reminder_and_sends_none_twice(smtp_server, tmp_path):
    inbox, port = smtp_server
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "EMAIL_BACKEND"}
    }
    env.update(
        KAMITAIOU_DATA_DIR=str(tmp_path),
        DEBUG="0",
        KAMITAIOU_ALLOW_DEV_KEY="1",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        KAMITAIOU_SWEEP_SECONDS="1",
        LOG_LEVEL="WARNING",
    )
    kamitaiou("migrate", "-v0", env=env)
    kamitaiou("shell", "-c", SETUP, env=env)
    kamitaiou("remind", "--schedule", env=env)

    log = tmp_path / "worker.log"
    slow = {**env, "KAMITAIOU_TEST_HOLD_CLAIM_SECONDS": "0.5"}
    worker = start_worker(slow, log)
    try:
        assert wait_for(lambda: len(inbox.snapshot()) >= 2, timeout=60), log.read_text()
        time.sleep(0.2)  # the worker has claimed the third reminder and is holding it
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(0.5)
    before_restart = len(inbox.snapshot())
    assert 2 <= before_restart < REMINDERS, "the kill must land mid-run"
    assert "'pending'" in kamitaiou("shell", "-c", REPORT, env=env)

    kamitaiou("remind", "--schedule", env=env)  # what `kamitaiou serve` does at start
    worker = start_worker(env, log)
    try:
        assert wait_for(lambda: len(inbox.snapshot()) >= REMINDERS, timeout=60), log.read_text()
        time.sleep(3)  # three more sweeps: nothing may be sent again
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=15)

    received = subjects(inbox)
    assert received == Counter({f"【神対応】リマインダー{i}": 1 for i in range(REMINDERS)})
    assert kamitaiou("shell", "-c", REPORT, env=env).strip().endswith(str(["sent"] * REMINDERS))
