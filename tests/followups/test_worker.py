"""A worker killed at random points loses no reminder; what it sends twice is recognisable.

Real ``kamitaiou db_worker`` processes — started exactly as docs/operations.md tells
production, with nothing else run before them — sweep a file-based SQLite database and
mail a real SMTP server (aiosmtpd) on 127.0.0.1. Each round kills the worker with
SIGKILL after a random delay, holding every reminder for a moment either before the
SMTP send or after the server accepted it and before the commit, so kills land in both
windows. A last worker runs undisturbed. Then every due reminder has arrived — at least
once; any second copy carries the same Message-ID as the first (the at-least-once
guarantee of docs/followups.md) — and no task is left "running" by a dead worker.

The loop is bounded (``ROUNDS`` kills, each wait capped) and stops by itself.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REMINDERS = 30
ROUNDS = 6

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
from django_tasks_db.models import DBTaskResult
from kamitaiou.followups.models import ReminderDelivery
print(sorted(set(ReminderDelivery.objects.values_list("state", flat=True))),
      ReminderDelivery.objects.count(),
      DBTaskResult.objects.filter(status="RUNNING").count())
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
    """The production command of docs/operations.md, nothing before it."""
    return subprocess.Popen(
        [*(sys.executable, "-m", "kamitaiou", "db_worker"), "--no-reload"],
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


def by_followup(inbox: Any) -> dict[str, list[str]]:
    copies: dict[str, list[str]] = defaultdict(list)
    for message in inbox.snapshot():
        copies[str(message["X-Kamitaiou-Followup"])].append(str(message["Message-ID"]))
    return copies


def test_a_worker_killed_at_random_points_loses_no_reminder(smtp_server, tmp_path):
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
        KAMITAIOU_TASK_STALE_SECONDS="3",
        LOG_LEVEL="WARNING",
    )
    kamitaiou("migrate", "-v0", env=env)
    kamitaiou("shell", "-c", SETUP, env=env)

    seed = int(os.environ.get("KAMITAIOU_KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    log = tmp_path / "worker.log"
    kills = []
    for round_ in range(ROUNDS):
        if len(by_followup(inbox)) >= REMINDERS:
            break
        hold = (
            "KAMITAIOU_TEST_HOLD_CLAIM_SECONDS"
            if round_ % 2
            else "KAMITAIOU_TEST_HOLD_SENT_SECONDS"
        )
        worker = start_worker({**env, hold: "0.15"}, log)
        before = len(inbox.snapshot())
        # Wait until this worker has mailed something (or a capped while), then a random
        # moment more: the kill lands inside a delivery, between two, or in a sweep's setup.
        wait_for(lambda n=before: len(inbox.snapshot()) > n, timeout=20)
        time.sleep(rng.uniform(0.0, 0.6))
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        kills.append((hold.split("_")[-2].lower(), len(inbox.snapshot())))

    worker = start_worker(env, log)  # restarted the documented way, left alone this time
    try:
        assert wait_for(lambda: len(by_followup(inbox)) >= REMINDERS, timeout=40), log.read_text()[
            -3000:
        ]
        time.sleep(5)  # longer than KAMITAIOU_TASK_STALE_SECONDS: the dead workers' tasks
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)

    copies = by_followup(inbox)
    doubled = {f: ids for f, ids in copies.items() if len(ids) > 1}
    print(
        f"seed {seed}: {len(kills)} kills (hold, mails so far) {kills}; "
        f"{len(copies)}/{REMINDERS} reminders arrived, {sum(map(len, copies.values()))} mails, "
        f"{len(doubled)} sent twice"
    )
    assert len(copies) == REMINDERS, "a due reminder was lost"
    assert all(len(set(ids)) == 1 for ids in copies.values()), "a copy with another Message-ID"
    assert len(kills) >= 2, "the kills must land while reminders are still going out"
    states, rows, running = (
        kamitaiou("shell", "-c", REPORT, env=env).strip().splitlines()[-1].rsplit(" ", 2)
    )
    assert (states, int(rows)) == ("['sent']", REMINDERS)
    assert int(running) == 0, "a task of a killed worker was never reclaimed"
