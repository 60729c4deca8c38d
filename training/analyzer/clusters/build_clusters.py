"""Build ``kamitaiou/analysis/reader/data/lemma_clusters.npz`` — word clusters for the reader.

A one-off, training-time step (the shipped file is what the reader uses; nothing is
downloaded at run time). Source: the 20,000 word vectors (300 dimensions, from chiVe,
Apache-2.0, Works Applications) inside the PyPI wheel ``ja_ginza==5.3.0`` (MIT), with its
480,443 keys mapped onto those vectors. Steps: every key's string is folded the way the
reader folds lemmas (katakana → hiragana, NFKC, lower case); the unit vectors are clustered
by spherical k-means (fixed seed) into a coarse and a fine partition; the file keeps, per
folded string, the CRC-32 of its UTF-8 (sorted) and its two cluster numbers.

    pip download ja-ginza==5.3.0 --no-deps -d /tmp/wheels
    unzip -q /tmp/wheels/ja_ginza-5.3.0-py3-none-any.whl -d /tmp/ginza
    pip install msgpack            # training-time only
    python training/analyzer/clusters/build_clusters.py /tmp/ginza/ja_ginza/ja_ginza-5.3.0/vocab

The same inputs give the same file (the seed and the iteration count are fixed).
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

import msgpack  # type: ignore[import-not-found]
import numpy as np

from kamitaiou.analysis.reader.clusters import COARSE, FINE
from kamitaiou.analysis.tokens import fold

REPO = Path(__file__).resolve().parents[3]
OUT = REPO / "kamitaiou" / "analysis" / "reader" / "data" / "lemma_clusters.npz"
SEED = 20261201
ITERATIONS = 25
_MASK = (1 << 64) - 1


def murmur64a(data: bytes, seed: int = 1) -> int:
    """spaCy's string hash (MurmurHash64A, seed 1), which keys the wheel's key2row."""
    m, r = 0xC6A4A7935BD1E995, 47
    h = (seed ^ (len(data) * m)) & _MASK
    n = len(data) // 8
    for i in range(n):
        k = int.from_bytes(data[8 * i : 8 * i + 8], "little")
        k = (k * m) & _MASK
        k ^= k >> r
        k = (k * m) & _MASK
        h ^= k
        h = (h * m) & _MASK
    rem = len(data) & 7
    if rem:
        tail = data[8 * n :]
        for i in range(rem - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * m) & _MASK
    h ^= h >> r
    h = (h * m) & _MASK
    h ^= h >> r
    return h


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Spherical k-means: the cluster number of every (unit) row of ``x``."""
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(ITERATIONS):
        assign = (x @ centres.T).argmax(1)
        for j in range(k):
            members = assign == j
            if members.any():
                c = x[members].mean(0)
                centres[j] = c / max(float(np.linalg.norm(c)), 1e-9)
    return (x @ centres.T).argmax(1)


def main(vocab: Path) -> None:
    key2row = msgpack.unpackb((vocab / "key2row").read_bytes(), strict_map_key=False)
    strings = json.loads((vocab / "strings.json").read_text(encoding="utf-8"))
    vectors = np.load(vocab / "vectors")
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(SEED)
    coarse = kmeans(unit, COARSE, rng)
    fine = kmeans(unit, FINE, rng)
    table: dict[int, tuple[int, int]] = {}
    for s in sorted(strings):
        row = key2row.get(murmur64a(s.encode()))
        if row is None or not s.strip() or len(s) > 12:
            continue
        if len(s) > 1 and all(ord(ch) < 128 for ch in s) and not s.isalpha():
            continue  # emoticons and codes
        key = zlib.crc32(fold(s).encode())
        table.setdefault(key, (int(coarse[row]), int(fine[row])))
    keys = np.array(sorted(table), dtype=np.uint32)
    values = np.array([table[int(k)] for k in keys], dtype=np.uint16)
    np.savez_compressed(OUT, keys=keys, coarse=values[:, 0], fine=values[:, 1])
    print(f"{len(keys):,} folded strings → {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
