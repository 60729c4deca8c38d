"""Which reader model this process uses: loaded once, re-checked, swappable for tests.

Resolution order: :func:`use_reader` (tests, ``analyze-eval --reader``), then the
``KAMITAIOU_READER_MODEL`` environment variable (a model file's path, or ``rules`` for the
rules alone), then the deployment's activated model ``KAMITAIOU_READER_ACTIVE_FILE`` (the
app's settings point it at ``KAMITAIOU_DATA_DIR/models/active.kmr``; used while the file
exists), then the model shipped in the package (``reader/data/analyzer.kmr``). A missing
shipped model means rules alone.

A model that comes from a file is watched: at most every :data:`RECHECK_SECONDS` the
file's (mtime, size, inode) is looked at again, and the model is reloaded when it changed —
so an admin's activation or rollback (an atomic replace or removal of ``active.kmr``)
reaches every process within half a minute without a restart. A vanished file falls back
to the shipped model; a file that cannot be read keeps the model in force until the next
check. Then ``kamitaiou reanalyze`` refreshes the stored readings (:func:`reader_version`
is part of their version). The watching itself is :mod:`kamitaiou.analysis.reader.watch`,
shared with the coach's checker.
"""

from __future__ import annotations

import time
from pathlib import Path

from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.watch import RECHECK_SECONDS, RULES_ONLY, WatchedModel

__all__ = [
    "ACTIVE_FILE_ENV",
    "ENV",
    "RECHECK_SECONDS",
    "RULES_ONLY",
    "SHIPPED",
    "active_reader",
    "reader_version",
    "reset_reader",
    "use_reader",
]

SHIPPED = Path(__file__).with_name("data") / "analyzer.kmr"
ENV = "KAMITAIOU_READER_MODEL"
ACTIVE_FILE_ENV = "KAMITAIOU_READER_ACTIVE_FILE"

_clock = time.monotonic  # tests replace it (and SHIPPED, RECHECK_SECONDS): looked up per use

_WATCH = WatchedModel(
    env=ENV,
    active_env=ACTIVE_FILE_ENV,
    shipped=lambda: SHIPPED,
    clock=lambda: _clock(),  # noqa: PLW0108 — the global, looked up per call
    interval=lambda: RECHECK_SECONDS,
)


def active_reader() -> LinearReader | None:
    """The reader model in force (``None``: rules alone)."""
    return _WATCH.model()


def reader_version() -> str:
    """A short hash of the model in force (``rules`` without one), for stale-reading checks."""
    return _WATCH.version()


def use_reader(model: LinearReader | None, *, version: str | None = None) -> None:
    """Force a model (or ``None`` for rules alone) in this process, e.g. for an evaluation."""
    _WATCH.force(model, version=version)


def reset_reader() -> None:
    """Forget the choice: the next analysis resolves it again (environment, files)."""
    _WATCH.reset()
