"""How far a running import or export is, for the page that polls it.

The work runs in one transaction, so a progress row in the database would stay invisible
(and, on SQLite, could not be written beside it). The worker writes a small file under
``DATA_DIR/progress/`` instead — atomically (write, then rename) — and the page reads it.
Web server and worker share the data directory on one machine; where they do not, the
page shows a bar without a figure until the job's state changes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings


def _path(kind: str, job_id: int) -> Path:
    return Path(settings.DATA_DIR) / "progress" / f"{kind}-{int(job_id)}.txt"


def report(kind: str, job_id: int, done: int, total: int) -> None:
    """Record that ``done`` of ``total`` rows are through."""
    path = _path(kind, job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".progress-")
    with os.fdopen(handle, "w") as out:
        out.write(f"{int(done)} {int(total)}")
    os.replace(temporary, path)


def read(kind: str, job_id: int) -> tuple[int, int] | None:
    """``(done, total)``, or ``None`` when nothing was reported (yet, or here)."""
    try:
        done, total = _path(kind, job_id).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


def percent(kind: str, job_id: int) -> int | None:
    found = read(kind, job_id)
    if found is None or found[1] <= 0:
        return None
    return min(100, round(100 * found[0] / found[1]))


def clear(kind: str, job_id: int) -> None:
    _path(kind, job_id).unlink(missing_ok=True)
