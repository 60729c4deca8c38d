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
is part of their version).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError

SHIPPED = Path(__file__).with_name("data") / "analyzer.kmr"
ENV = "KAMITAIOU_READER_MODEL"
ACTIVE_FILE_ENV = "KAMITAIOU_READER_ACTIVE_FILE"
RULES_ONLY = "rules"
#: How often (seconds, at most) a model file is looked at again.
RECHECK_SECONDS = 30.0

_LOCK = threading.Lock()
_clock = time.monotonic  # tests replace it

Signature = tuple[int, int, int] | None


@dataclass
class _State:
    model: LinearReader | None
    version: str
    watch: Path | None = None  # the file the model came from (None: forced or rules)
    signature: Signature = None
    checked: float = 0.0


_state: _State | None = None


def _signature(path: Path) -> Signature:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _load(path: Path) -> tuple[LinearReader, str]:
    data = path.read_bytes()
    return LinearReader.from_bytes(data), hashlib.sha256(data).hexdigest()[:12]


def _shipped() -> tuple[LinearReader | None, str]:
    if not SHIPPED.is_file():
        return None, RULES_ONLY
    return _load(SHIPPED)


def _from_file(path: Path, signature: Signature) -> tuple[LinearReader | None, str]:
    """The model of a watched file, or the shipped one when the file is not there."""
    if signature is None or path == SHIPPED:
        return _shipped()
    return _load(path)


def _resolve() -> _State:
    choice = os.environ.get(ENV, "").strip()
    if choice == RULES_ONLY:
        return _State(None, RULES_ONLY)
    if choice:
        watch = Path(choice)
        if not watch.is_file():
            msg = f"{ENV}={choice}: no such model file"
            raise FileNotFoundError(msg)
    else:
        active = os.environ.get(ACTIVE_FILE_ENV, "").strip()
        watch = Path(active) if active else SHIPPED
    signature = _signature(watch)
    model, version = _from_file(watch, signature)
    return _State(model, version, watch, signature, _clock())


def _recheck(state: _State) -> None:
    now = _clock()
    if state.watch is None or now - state.checked < RECHECK_SECONDS:
        return
    state.checked = now
    signature = _signature(state.watch)
    if signature == state.signature:
        return
    try:
        model, version = _from_file(state.watch, signature)
    except (OSError, ModelFileError):
        return  # keep the model in force; the next check tries again
    state.model, state.version, state.signature = model, version, signature


def _current() -> _State:
    global _state  # noqa: PLW0603 — one choice per process, behind the lock
    state = _state
    if state is None:
        with _LOCK:
            if _state is None:
                _state = _resolve()
            return _state
    if state.watch is not None and _clock() - state.checked >= RECHECK_SECONDS:
        with _LOCK:
            _recheck(state)
    return state


def active_reader() -> LinearReader | None:
    """The reader model in force (``None``: rules alone)."""
    return _current().model


def reader_version() -> str:
    """A short hash of the model in force (``rules`` without one), for stale-reading checks."""
    return _current().version


def use_reader(model: LinearReader | None, *, version: str | None = None) -> None:
    """Force a model (or ``None`` for rules alone) in this process, e.g. for an evaluation."""
    global _state  # noqa: PLW0603
    if version is None:
        version = RULES_ONLY if model is None else hashlib.sha256(model.to_bytes()).hexdigest()[:12]
    with _LOCK:
        _state = _State(model, version)


def reset_reader() -> None:
    """Forget the choice: the next analysis resolves it again (environment, files)."""
    global _state  # noqa: PLW0603
    with _LOCK:
        _state = None
