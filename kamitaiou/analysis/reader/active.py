"""Which reader model this process uses: loaded once, swappable for evaluation and tests.

Resolution order: :func:`use_reader` (tests, ``analyze-eval --reader``), then the
``KAMITAIOU_READER_MODEL`` environment variable (a model file's path, or ``rules`` for the
rules alone), then the model shipped in the package (``reader/data/analyzer.kmr``). A
missing shipped model means rules alone. The app's admin chooses a deployment model by
pointing the variable at it (see docs/analyzer.md); restart, then ``kamitaiou reanalyze``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from kamitaiou.analysis.reader.linear import LinearReader

SHIPPED = Path(__file__).with_name("data") / "analyzer.kmr"
ENV = "KAMITAIOU_READER_MODEL"
RULES_ONLY = "rules"

_LOCK = threading.Lock()
_STATE: dict[str, object] = {}


def _resolve() -> tuple[LinearReader | None, str]:
    choice = os.environ.get(ENV, "").strip()
    if choice == RULES_ONLY:
        return None, RULES_ONLY
    path = Path(choice) if choice else SHIPPED
    if not path.is_file():
        if choice:
            msg = f"{ENV}={choice}: no such model file"
            raise FileNotFoundError(msg)
        return None, RULES_ONLY
    data = path.read_bytes()
    return LinearReader.from_bytes(data), hashlib.sha256(data).hexdigest()[:12]


def active_reader() -> LinearReader | None:
    """The reader model in force (``None``: rules alone)."""
    if "model" not in _STATE:
        with _LOCK:
            if "model" not in _STATE:
                model, version = _resolve()
                _STATE["version"] = version
                _STATE["model"] = model
    return _STATE["model"]  # type: ignore[return-value]


def reader_version() -> str:
    """A short hash of the model in force (``rules`` without one), for stale-reading checks."""
    active_reader()
    return str(_STATE["version"])


def use_reader(model: LinearReader | None, *, version: str | None = None) -> None:
    """Force a model (or ``None`` for rules alone) in this process, e.g. for an evaluation."""
    with _LOCK:
        _STATE["model"] = model
        _STATE["version"] = version or (
            RULES_ONLY if model is None else hashlib.sha256(model.to_bytes()).hexdigest()[:12]
        )


def reset_reader() -> None:
    """Forget the choice: the next analysis resolves it again (environment, shipped file)."""
    with _LOCK:
        _STATE.clear()
