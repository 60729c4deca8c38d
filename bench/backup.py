"""``kamitaiou backup`` and ``kamitaiou restore`` at a real team's scale: 100,000 cases and
1,000,000 interactions (and their record events), built with bench/inbox.py's generator.
Prints the database and backup sizes and the wall time of each command (run as a person
runs them: a fresh ``kamitaiou`` process each).

    .venv/bin/python bench/backup.py [--cases 100000] [--interactions 1000000]
        [--data-dir DIR]    # keep the built SQLite database there and reuse it next time

SQLite by default (a temp dir); with DATABASE_URL=postgres://…/NAME the data is built in
NAME and restored into a new database NAME_restore on the same server (dropped after).
The generator's record hashes are placeholders, so ``verify-records`` is not timed here
(tests/backup measures backup → restore → verify on a real record).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"kamitaiou {' '.join(args)} failed: {done.stderr.strip()}")
    print(f"  {done.stdout.strip().splitlines()[0]}", file=sys.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--data-dir", default="")
    args = parser.parse_args()
    if args.data_dir:
        os.makedirs(args.data_dir, exist_ok=True)
        os.environ["KAMITAIOU_DATA_DIR"] = os.path.abspath(args.data_dir)
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.inbox import build
    from kamitaiou.accounts.models import User
    from kamitaiou.cases.models import Case, Interaction

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="operator").exists():
        build(args.cases, args.interactions)
    cases, interactions = Case.objects.count(), Interaction.objects.count()
    vendor = connection.vendor
    env = {**os.environ}
    scratch = Path(tempfile.mkdtemp(prefix="kamitaiou-bench-backup-"))
    target = {**env, "KAMITAIOU_DATA_DIR": str(scratch / "restored")}
    url = os.environ.get("DATABASE_URL", "")
    if vendor == "postgresql":
        import psycopg

        server, name = url.rsplit("/", 1)
        restored = f"{name}_restore"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
            admin.execute(f'CREATE DATABASE "{restored}"')
        target["DATABASE_URL"] = f"{server}/{restored}"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    connection.close()
    output = scratch / "kamitaiou.backup"
    print(
        f"database: {vendor}; cases: {cases:,}; interactions: {interactions:,}; "
        f"size {size / 2**20:,.0f} MiB"
    )
    backup_s = timed(["backup", "--output", str(output)], env)
    print(f"backup:  {backup_s:6.1f} s  → {output.stat().st_size / 2**20:,.0f} MiB")
    restore_s = timed(["restore", str(output)], target)
    print(f"restore: {restore_s:6.1f} s  (into a new, empty database; row counts checked)")
    if vendor == "postgresql":
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


if __name__ == "__main__":
    main()
