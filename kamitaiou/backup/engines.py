"""Copying the database out and back in, per engine.

SQLite: the online backup API (``sqlite3.Connection.backup``) in one step — it reads one
consistent snapshot while the web server and the worker go on writing (WAL). PostgreSQL:
``pg_dump --format=custom`` in a snapshot exported by our own repeatable-read transaction,
so the row counts in the manifest are those of the dump; ``pg_restore`` to load it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from kamitaiou.backup.archive import CHUNK, Backup, BackupError, payload_stream

#: the tables whose row counts the manifest keeps (and a restore checks)
COUNTED = {
    "customers": "cases_customer",
    "cases": "cases_case",
    "interactions": "cases_interaction",
    "events": "cases_caseevent",
}


def engine() -> str:
    """``sqlite`` or ``postgresql``: the engine of the configured database."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups of a {vendor} database are not supported")
    return vendor


def _counts_and_migrations(cursor: Any) -> tuple[dict[str, int], dict[str, list[str]]]:
    counts = {}
    for name, table in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 — our own table names
        counts[name] = int(cursor.fetchone()[0])
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    return counts, migrations


# --- SQLite -----------------------------------------------------------------------------


def sqlite_dump(target: Path) -> dict[str, Any]:
    """Copy the live SQLite database into ``target``; the manifest's facts about it."""
    if connection.in_atomic_block:
        # the source connection's own write lock would keep the copy waiting forever
        raise BackupError("a backup cannot be taken inside a transaction")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # pages=-1: the whole database in one step, inside one read transaction — a
        # snapshot even while other connections commit (a stepped copy would restart).
        connection.connection.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")
        counts, migrations = _counts_and_migrations(copy.cursor())
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite backup failed: {exc}") from None
    finally:
        copy.close()
    return {"counts": counts, "migrations": migrations, "sqlite_version": sqlite3.sqlite_version}


def sqlite_load(backup: Backup, scratch: Path) -> None:
    """Load ``backup`` into the configured (empty) SQLite database."""
    copy_path = scratch / "restore.sqlite3"
    with payload_stream(backup) as payload, copy_path.open("wb") as out:
        shutil.copyfileobj(payload, out, CHUNK)
    source = sqlite3.connect(copy_path)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{backup.path}: the SQLite database inside is damaged")
        connection.ensure_connection()
        source.backup(connection.connection, pages=-1)
    except sqlite3.Error as exc:
        raise BackupError(f"the SQLite restore failed: {exc}") from None
    finally:
        source.close()
    connection.close()  # the next connection sets WAL again (settings' init_command)


# --- PostgreSQL -------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` / ``pg_restore``: ``KAMITAIOU_PG_BIN`` if set, else the
    newest ``/usr/lib/postgresql/*/bin`` (Debian's, which the tests use — a dump needs a
    pg_dump at least as new as the server), else the one on ``PATH``."""
    configured = os.environ.get("KAMITAIOU_PG_BIN", "")
    candidates = [Path(configured) / name] if configured else []
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parent.parent.name.split(".")],
    )
    candidates += list(reversed(debian))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(
        f"{name} not found (install the PostgreSQL client, or set KAMITAIOU_PG_BIN to its bin/)"
    )


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], *, env: dict[str, str], stdin: Any = None) -> None:
    try:
        done = subprocess.run(  # noqa: S603 — our own argument list, no shell
            command, env=env, stdin=stdin, capture_output=True, check=False
        )
    except OSError as exc:
        raise BackupError(f"{command[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"]
        errors = [line for line in lines if "error:" in line] or lines
        raise BackupError(f"{Path(command[0]).name} failed: {errors[0]}")


@contextlib.contextmanager
def _exported_snapshot() -> Iterator[tuple[str, dict[str, int], dict[str, list[str]]]]:
    """A repeatable-read transaction held open: its snapshot id, and the counts and
    migrations seen in it (pg_dump --snapshot then dumps exactly what was counted)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts, migrations = _counts_and_migrations(cursor)
        yield snapshot, counts, migrations


def pg_dump(target: Path) -> dict[str, Any]:
    """``pg_dump --format=custom`` of the configured database into ``target``."""
    tool = pg_tool("pg_dump")
    args, env = _pg_env()
    with _exported_snapshot() as (snapshot, counts, migrations):
        _run(
            [
                tool,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env=env,
        )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {"counts": counts, "migrations": migrations, "server_version": server}


def pg_load(backup: Backup, scratch: Path) -> None:
    """``pg_restore`` ``backup`` into the configured (empty) PostgreSQL database, in one
    transaction: it loads completely or not at all. (The archive is copied out first:
    pg_restore seeks in it by offsets from its own first byte.)"""
    tool = pg_tool("pg_restore")
    args, env = _pg_env()
    dump = scratch / "restore.dump"
    with payload_stream(backup) as payload, dump.open("wb") as out:
        shutil.copyfileobj(payload, out, CHUNK)
    connection.close()
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env=env,
    )
