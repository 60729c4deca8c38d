"""``kamitaiou backup`` under write load, ``kamitaiou restore`` into a fresh database: the
same rows (counts and a row-level digest) and a record that verifies.

Runs on the database the suite runs on: SQLite by default, PostgreSQL when the suite runs
with ``DATABASE_URL`` (``make test`` does both) — then on two databases of its own created
on that server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kamitaiou.backup import archive

ROOT = Path(__file__).resolve().parents[2]


def kamitaiou(*args, env, check=True):
    done = subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
        cwd=ROOT,
    )
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def probe(env, max_case=None):
    args = [] if max_case is None else [str(max_case)]
    done = subprocess.run(
        [sys.executable, "-m", "tests.backup.probe", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def base_env():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EMAIL_BACKEND"}}
    env.update(DEBUG="0", KAMITAIOU_ALLOW_DEV_KEY="1", LOG_LEVEL="WARNING")
    return env


@contextmanager
def two_databases(tmp_path):
    """Environments for a source and a target database, both new and empty."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        source, target = base_env(), base_env()
        source["KAMITAIOU_DATA_DIR"] = str(tmp_path / "source")
        target["KAMITAIOU_DATA_DIR"] = str(tmp_path / "target")
        yield source, target
        return
    import psycopg

    server = url.rsplit("/", 1)[0]
    names = [f"kbk_{role}_{uuid.uuid4().hex[:8]}" for role in ("source", "target")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    envs = []
    for name in names:
        env = base_env()
        env["DATABASE_URL"] = f"{server}/{name}"
        env["CONN_MAX_AGE"] = "0"
        envs.append(env)
    try:
        yield envs[0], envs[1]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rounds(directory):
    path = directory / "rounds"
    return int(path.read_text()) if path.exists() else 0


def wait_for_rounds(directory, writer, at_least):
    deadline = time.monotonic() + 120
    while rounds(directory) < at_least:
        assert writer.poll() is None, writer.stderr.read()
        assert time.monotonic() < deadline, "the writer made no progress"
        time.sleep(0.05)


def test_a_backup_taken_during_writes_restores_the_same_rows_and_a_verified_record(tmp_path):
    backup = tmp_path / "kamitaiou.backup"
    load = tmp_path / "load"
    load.mkdir()
    with two_databases(tmp_path) as (source, target):
        kamitaiou("migrate", "-v0", env=source)
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.backup.writer", str(load)],
            env=source,
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for_rounds(load, writer, 5)
            before = rounds(load)
            made = kamitaiou("backup", "--output", str(backup), env=source)
            wait_for_rounds(load, writer, rounds(load) + 3)  # writes go on after it
        finally:
            (load / "stop").touch()
            writer.wait(timeout=120)
        assert writer.returncode == 0, writer.stderr.read()
        assert "OK:" in made.stdout
        manifest = archive.read(backup).manifest
        assert manifest["counts"]["cases"] >= before
        assert manifest["counts"]["interactions"] >= 3 * before
        assert manifest["counts"]["cases"] < rounds(load)  # the source went on growing

        restored = kamitaiou("restore", str(backup), env=target)
        assert "OK: restored" in restored.stdout
        verified = kamitaiou("verify-records", env=target)
        assert "OK:" in verified.stdout

        everything = probe(target)
        assert everything["counts"] == manifest["counts"]
        # Every row the backup holds is the source's row; the last case may have been
        # caught between its rounds' transactions, so compare up to the one before it.
        upto = everything["max_case"] - 1
        kept, original = probe(target, upto), probe(source, upto)
        assert (kept["counts"], kept["digest"]) == (original["counts"], original["digest"])
        assert kept["counts"]["interactions"] == 3 * kept["counts"]["cases"]


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, tmp_path):
    path = tmp_path / "b.backup"
    call_command("backup", "--output", str(path))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path))


def test_restore_refuses_a_backup_of_the_other_engine(transactional_db, tmp_path, settings):
    from django.db import connection

    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    payload = tmp_path / "payload"
    payload.write_bytes(b"not a database")
    path = tmp_path / "other.backup"
    archive.write(path, manifest={"engine": other, "migrations": {}, "counts": {}}, payload=payload)
    with pytest.raises(CommandError, match="backup and the database configured is"):
        call_command("restore", str(path))


def test_restore_refuses_a_changed_or_cut_backup_file(transactional_db, tmp_path):
    path = tmp_path / "b.backup"
    call_command("backup", "--output", str(path))
    data = path.read_bytes()
    cut = tmp_path / "cut.backup"
    cut.write_bytes(data[: len(data) - 100])
    with pytest.raises(CommandError, match="incomplete"):
        call_command("restore", str(cut))
    changed = tmp_path / "changed.backup"
    changed.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(changed))
    not_ours = tmp_path / "x.backup"
    not_ours.write_text("hello")
    with pytest.raises(CommandError, match="not a Kamitaiou backup"):
        call_command("restore", str(not_ours))


def test_backup_refuses_an_output_in_a_missing_directory(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="no directory"):
        call_command("backup", "--output", str(tmp_path / "missing" / "b.backup"))


def test_restore_info_prints_what_the_backup_is(transactional_db, tmp_path, capsys):
    path = tmp_path / "b.backup"
    call_command("backup", "--output", str(path))
    call_command("restore", str(path), "--info")
    shown = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {"engine", "created_at", "app_version", "migrations", "counts"} <= set(shown)
    assert "cases" in shown["migrations"]
