"""The backup file: one header line, one manifest line (JSON), then the database itself.

::

    KAMITAIOU-BACKUP 1\n
    {"engine": "sqlite", "created_at": …, "app_version": …, "migrations": {…}, …}\n
    <payload: an SQLite database file, or a pg_dump --format=custom archive>

The manifest says what the payload is (engine, when, which app version and migrations,
row counts taken in the same snapshot as the payload, the payload's size and SHA-256), so
``kamitaiou restore`` refuses a file of the wrong engine, a truncated or altered file, or a
backup from a newer version, before it touches the database.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"KAMITAIOU-BACKUP 1\n"
#: a manifest is a few kilobytes; anything longer is not one of ours
MAX_MANIFEST = 1 << 20
CHUNK = 1 << 20


class BackupError(Exception):
    """Something a person can fix: the message is one line, shown as it is."""


@dataclass(frozen=True)
class Backup:
    """A backup file opened for reading: its manifest and where its payload starts."""

    path: Path
    manifest: dict[str, Any]
    offset: int

    @property
    def engine(self) -> str:
        return str(self.manifest.get("engine", ""))


def sha256_file(path: Path, *, offset: int = 0) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        handle.seek(offset)
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write(output: Path, *, manifest: dict[str, Any], payload: Path) -> None:
    """Write ``manifest`` and ``payload`` to ``output`` (via a temporary file beside it,
    renamed at the end: a half-written backup never carries the final name)."""
    manifest = {
        **manifest,
        "payload_bytes": payload.stat().st_size,
        "payload_sha256": sha256_file(payload),
    }
    line = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") as target, payload.open("rb") as source:
            target.write(MAGIC)
            target.write(line)
            shutil.copyfileobj(source, target, CHUNK)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write {output}: {exc.strerror or exc}") from None


def read(path: Path, *, check: bool = True) -> Backup:
    """Open ``path`` as a backup file; with ``check``, its payload's size and SHA-256
    must match the manifest (a truncated or altered file is refused)."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise BackupError(f"{path} is not a Kamitaiou backup file")
            line = handle.readline(MAX_MANIFEST)
            offset = handle.tell()
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        manifest = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or not line.endswith(b"\n"):
        raise BackupError(f"{path}: the backup's manifest is damaged")
    backup = Backup(path=path, manifest=manifest, offset=offset)
    if check:
        size = path.stat().st_size - offset
        if size != manifest.get("payload_bytes"):
            raise BackupError(
                f"{path}: the backup is incomplete ({size} of "
                f"{manifest.get('payload_bytes')} bytes)"
            )
        if sha256_file(path, offset=offset) != manifest.get("payload_sha256"):
            raise BackupError(f"{path}: the backup was changed or damaged (checksum mismatch)")
    return backup


@contextmanager
def payload_stream(backup: Backup) -> Iterator[BinaryIO]:
    """The payload of ``backup`` as a file positioned at its first byte."""
    with backup.path.open("rb") as handle:
        handle.seek(backup.offset)
        yield handle
