"""Word clusters: words that are used alike share a feature, so the reader generalises
from the words its training text used to the words a stranger uses (提訴 ≈ 訴える ≈ 裁判).

The clusters come from chiVe word vectors (see ``training/analyzer/clusters/``); the
shipped file ``data/lemma_clusters.npz`` holds, for ~465,000 folded words, the CRC-32 of
the word (sorted) and two cluster numbers: a coarse one (:data:`COARSE` clusters) and a
fine one (:data:`FINE`). Loaded once per process, lazily; about 4 MB in memory.
"""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

COARSE = 256
FINE = 1024
DATA = Path(__file__).parent / "data" / "lemma_clusters.npz"

_LOCK = threading.Lock()
_CACHE_MAX = 200_000


class ClusterTable:
    """Look a folded lemma up: ``(coarse, fine)`` or ``None`` for an unknown word."""

    def __init__(
        self,
        keys: npt.NDArray[np.uint32],
        coarse: npt.NDArray[np.uint16],
        fine: npt.NDArray[np.uint16],
    ) -> None:
        self._keys = keys
        self._coarse = coarse
        self._fine = fine
        self._cache: dict[str, tuple[int, int] | None] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def get(self, word: str) -> tuple[int, int] | None:
        """The clusters of ``word`` (already folded, as :class:`Tokenized` lemmas are)."""
        cache = self._cache
        if word in cache:
            return cache[word]
        key = zlib.crc32(word.encode())
        i = int(np.searchsorted(self._keys, key))
        hit = (
            (int(self._coarse[i]), int(self._fine[i]))
            if i < len(self._keys) and int(self._keys[i]) == key
            else None
        )
        if len(cache) >= _CACHE_MAX:
            cache.clear()
        cache[word] = hit
        return hit


_TABLE: list[ClusterTable] = []


def clusters(path: Path = DATA) -> ClusterTable:
    """The shipped cluster table (loaded on first use)."""
    if not _TABLE:
        with _LOCK:
            if not _TABLE:
                with np.load(path) as data:
                    _TABLE.append(ClusterTable(data["keys"], data["coarse"], data["fine"]))
    return _TABLE[0]
