"""``backup`` and ``restore``: the manifest, the engine checks, the empty-database rule."""

from __future__ import annotations

import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from kamitaiou.backup import archive, engines
from kamitaiou.backup.archive import BackupError

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def app_version() -> str:
    try:
        return metadata.version("kamitaiou")
    except metadata.PackageNotFoundError:  # pragma: no cover — run from a bare checkout
        return "unknown"


def backup(output: Path) -> dict[str, Any]:
    """Write a backup of the configured database to ``output``; return its manifest."""
    kind = engines.engine()
    if output.is_dir():
        raise BackupError(f"--output: {output} is a directory")
    if not output.parent.is_dir():
        raise BackupError(f"--output: no directory {output.parent}")
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".kamitaiou-backup-") as scratch:
        payload = Path(scratch) / "payload"
        facts = engines.sqlite_dump(payload) if kind == "sqlite" else engines.pg_dump(payload)
        manifest = {
            "format": 1,
            "engine": kind,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "app_version": app_version(),
            **facts,
        }
        archive.write(output, manifest=manifest, payload=payload)
    return archive.read(output, check=False).manifest


def database_tables() -> list[str]:
    """The tables in the configured database (none in an empty one)."""
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def check_restorable(backup: archive.Backup) -> None:
    """Refuse ``backup`` when it cannot go into the configured database."""
    kind = engines.engine()
    if backup.engine not in ENGINE_NAMES:
        raise BackupError(f"{backup.path}: unknown engine {backup.engine!r} in the manifest")
    if backup.engine != kind:
        raise BackupError(
            f"{backup.path} is a {ENGINE_NAMES[backup.engine]} backup and the database "
            f"configured is {ENGINE_NAMES[kind]}: restore it into a {ENGINE_NAMES[backup.engine]}"
            " database (DATABASE_URL)"
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in sorted(backup.manifest.get("migrations", {}).items())
        for name in names
        if app in {key[0] for key in known} and (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"{backup.path} was made by a newer version ({backup.manifest.get('app_version')}, "
            f"migration {unknown[0]} unknown here): upgrade Kamitaiou first"
        )
    tables = database_tables()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables): restore only into a new, "
            "empty database"
        )


def restore(path: Path) -> dict[str, Any]:
    """Load the backup at ``path`` into the configured, empty database; check the row
    counts against the manifest; return the manifest."""
    backup = archive.read(path)
    check_restorable(backup)
    with tempfile.TemporaryDirectory(prefix="kamitaiou-restore-") as scratch:
        if backup.engine == "sqlite":
            engines.sqlite_load(backup, Path(scratch))
        else:
            engines.pg_load(backup, Path(scratch))
    connection.close()
    with connection.cursor() as cursor:
        counts, _migrations = engines._counts_and_migrations(cursor)
    expected = backup.manifest.get("counts", {})
    if counts != expected:
        raise BackupError(f"the restored rows {counts} differ from the backup's {expected}")
    return backup.manifest


def pending_migrations() -> int:
    """How many of this version's migrations the (restored) database has not applied."""
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
