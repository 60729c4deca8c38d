"""Benchmark of the reminder sweep: 1,000 due follow-ups mailed to a local SMTP server.

Sets up a fresh file-based SQLite database in a temporary directory (or uses
DATABASE_URL when given), starts aiosmtpd on 127.0.0.1, creates N due follow-ups over
N/20 cases, then runs ``kamitaiou remind`` (one sweep: SLA check, queue, send) as a
separate process, the way cron or the worker would, and prints the figures.

    python bench/reminders.py [--count 1000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
from datetime import timedelta
from django.utils import timezone
from kamitaiou.accounts.models import Team, User
from kamitaiou.cases.models import Case, Customer
from kamitaiou.followups.models import FollowUp
team = Team.objects.create(name="ベンチ")
users = []
for n in range(10):
    user = User.objects.create_user(username=f"rep{{n}}", password="x", role="sales_rep",
                                    email=f"rep{{n}}@example.jp")
    user.teams.add(team)
    users.append(user)
customer = Customer.objects.create(name="ベンチ 太郎", team=team)
now = timezone.now()
cases = Case.objects.bulk_create(
    Case(kind="after_follow", title=f"案件{{i}}", customer=customer, team=team,
         assignee=users[i % 10], stage="schedule_confirmation")
    for i in range({cases})
)
FollowUp.objects.bulk_create(
    FollowUp(case=cases[i % len(cases)], customer=customer, kind="after_follow_checkin",
             due_at=now - timedelta(minutes=i % 600), title=f"ご様子伺い{{i}}",
             note="その後お困りのことがないか伺ってください。", dedupe_key=f"bench:{{i}}")
    for i in range({count})
)
print(FollowUp.objects.count())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Counter:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def run(args: list[str], env: dict[str, str]) -> tuple[str, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip(), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    options = parser.parse_args()

    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "KAMITAIOU_DATA_DIR": data,
            "DEBUG": "0",
            "KAMITAIOU_ALLOW_DEV_KEY": "1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("EMAIL_BACKEND", None)
        _, migrate_s = run(["migrate", "-v0"], env)
        code = SETUP.format(count=options.count, cases=max(options.count // 20, 1))
        created, setup_s = run(["shell", "-c", code], env)
        summary, sweep_s = run(["remind"], env)
        again, idle_s = run(["remind"], env)
    controller.stop()

    database = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "SQLite (file, WAL)"
    print(f"database        {database}")
    print(f"migrate         {migrate_s:6.2f} s")
    print(f"setup           {setup_s:6.2f} s  ({created.splitlines()[-1]} due follow-ups)")
    print(f"sweep           {sweep_s:6.2f} s  {summary.splitlines()[-1]}")
    print(f"mails received  {counter.count}")
    print(
        f"per reminder    {1000 * sweep_s / max(counter.count, 1):6.2f} ms (process start included)"
    )
    print(f"idle sweep      {idle_s:6.2f} s  {again.splitlines()[-1]}")


if __name__ == "__main__":
    main()
