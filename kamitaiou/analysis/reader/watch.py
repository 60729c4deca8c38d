"""A model file every process watches: loaded once, re-checked, swappable for tests.

One helper for every model in the reader's file format — the analyzer's reader
(:mod:`kamitaiou.analysis.reader.active`) and the coach's checker
(:mod:`kamitaiou.method.coach.learned`). Resolution order: a forced model (:meth:`force`),
then the explicit environment variable (a model file's path, or ``rules`` for no model),
then the deployment's activated file (its path in a second environment variable; used
while the file exists), then the file shipped in the package. A missing shipped file
means no model.

A model that comes from a file is watched: at most every ``interval()`` seconds the file's
(mtime, size, inode) is looked at again, and the model is reloaded when it changed — so an
admin's activation or rollback (an atomic replace or removal of the activated file)
reaches every process without a restart. A vanished file falls back to the shipped model;
a file that cannot be read keeps the model in force until the next check.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError

RULES_ONLY = "rules"
#: How often (seconds, at most) a model file is looked at again.
RECHECK_SECONDS = 30.0

Signature = tuple[int, int, int] | None


def model_version(data: bytes) -> str:
    """The short hash that names a model file's bytes (``reader_version()`` and the admin)."""
    return hashlib.sha256(data).hexdigest()[:12]


def _signature(path: Path) -> Signature:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _load(path: Path) -> tuple[LinearReader, str]:
    data = path.read_bytes()
    return LinearReader.from_bytes(data), model_version(data)


@dataclass
class _State:
    model: LinearReader | None
    version: str
    watch: Path | None = None  # the file the model came from (None: forced or rules)
    signature: Signature = None
    checked: float = 0.0


class WatchedModel:
    """The model in force for one purpose, chosen and re-checked as the module says.

    ``shipped``, ``clock`` and ``interval`` are called each time they are needed, so a
    module can hand over its own patchable globals (``lambda: SHIPPED``)."""

    def __init__(
        self,
        *,
        env: str,
        active_env: str,
        shipped: Callable[[], Path],
        clock: Callable[[], float] = time.monotonic,
        interval: Callable[[], float] = lambda: RECHECK_SECONDS,
    ) -> None:
        self.env = env
        self.active_env = active_env
        self._shipped_path = shipped
        self._clock = clock
        self._interval = interval
        self._lock = threading.Lock()
        self._state: _State | None = None

    def _shipped(self) -> tuple[LinearReader | None, str]:
        shipped = self._shipped_path()
        if not shipped.is_file():
            return None, RULES_ONLY
        return _load(shipped)

    def _from_file(self, path: Path, signature: Signature) -> tuple[LinearReader | None, str]:
        """The model of a watched file, or the shipped one when the file is not there."""
        if signature is None or path == self._shipped_path():
            return self._shipped()
        return _load(path)

    def _resolve(self) -> _State:
        choice = os.environ.get(self.env, "").strip()
        if choice == RULES_ONLY:
            return _State(None, RULES_ONLY)
        if choice:
            watch = Path(choice)
            if not watch.is_file():
                msg = f"{self.env}={choice}: no such model file"
                raise FileNotFoundError(msg)
        else:
            active = os.environ.get(self.active_env, "").strip()
            watch = Path(active) if active else self._shipped_path()
        signature = _signature(watch)
        model, version = self._from_file(watch, signature)
        return _State(model, version, watch, signature, self._clock())

    def _due(self, state: _State) -> bool:
        return state.watch is not None and self._clock() - state.checked >= self._interval()

    def _recheck(self, state: _State) -> None:
        watch = state.watch
        if watch is None or not self._due(state):
            return  # another thread looked while this one waited for the lock
        state.checked = self._clock()
        signature = _signature(watch)
        if signature == state.signature:
            return
        try:
            model, version = self._from_file(watch, signature)
        except (OSError, ModelFileError):
            return  # keep the model in force; the next check tries again
        state.model, state.version, state.signature = model, version, signature

    def _current(self) -> _State:
        state = self._state
        if state is None:
            with self._lock:
                if self._state is None:
                    self._state = self._resolve()
                return self._state
        if self._due(state):
            with self._lock:
                self._recheck(state)
        return state

    def model(self) -> LinearReader | None:
        """The model in force (``None``: no model, the rules alone)."""
        return self._current().model

    def version(self) -> str:
        """A short hash of the model in force (``rules`` without one)."""
        return self._current().version

    def force(self, model: LinearReader | None, *, version: str | None = None) -> None:
        """Use ``model`` (or ``None``) in this process, no file watched, until :meth:`reset`."""
        if version is None:
            version = RULES_ONLY if model is None else model_version(model.to_bytes())
        with self._lock:
            self._state = _State(model, version)

    def reset(self) -> None:
        """Forget the choice: the next use resolves it again (environment, files)."""
        with self._lock:
            self._state = None
