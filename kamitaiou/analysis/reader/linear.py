"""A hashed-feature linear reader: the model file, loading it once, and reading with it.

The file is self-describing and byte-reproducible: ``KMR1`` magic, a 4-byte big-endian
header length, a UTF-8 JSON header (outputs, thresholds, dimensions, training metadata,
sorted keys), then zlib-compressed little-endian ``float16`` weights (``dim × outputs``) and
``float32`` biases. Inference is one gather and one sum in numpy — no heavy run-time
dependency, tens of microseconds per message.

Each output is an independent logistic unit: ``anger>=1``, ``anger>=2``, ``anger>=3``,
``anxiety>=1`` …, and one per label. A message's feature vector is binary and scaled by
``1/sqrt(number of features)``, in training and reading alike.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kamitaiou.analysis.reader.features import FEATURE_VERSION, Features

MAGIC = b"KMR1"
LEVEL_OUTPUTS = ("anger>=1", "anger>=2", "anger>=3", "anxiety>=1", "anxiety>=2", "anxiety>=3")


class ModelFileError(ValueError):
    """The file is not a reader model (or is damaged)."""


@dataclass(frozen=True)
class LinearReader:
    """Weights, biases and per-output decision thresholds of a trained reader."""

    outputs: tuple[str, ...]
    weights: npt.NDArray[Any]  # dim × len(outputs), float16 in a loaded model (half the memory)
    bias: npt.NDArray[np.float32]
    thresholds: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        """Number of hash buckets."""
        return int(self.weights.shape[0])

    @property
    def rule_features(self) -> bool:
        """True if the model was trained with the rule engine's reading as features."""
        return bool(self.meta.get("rule_features", False))

    def column(self, name: str) -> int:
        """Index of one output."""
        return self.outputs.index(name)

    def logits(self, feats: Features) -> npt.NDArray[np.float32]:
        """Raw scores of every output for one message."""
        if len(feats.indices) == 0:
            return self.bias.copy()
        scale = np.float32(1.0 / np.sqrt(len(feats.indices)))
        rows = self.weights[feats.indices].sum(axis=0, dtype=np.float32)
        out: npt.NDArray[np.float32] = self.bias + rows * scale
        return out

    def probabilities(self, feats: Features) -> npt.NDArray[np.float32]:
        """Probability of every output for one message."""
        z = self.logits(feats)
        out: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def contributions(self, feats: Features, output: str) -> npt.NDArray[np.float32]:
        """Each feature's share of one output's score (same order as ``feats.indices``)."""
        col = self.column(output)
        if len(feats.indices) == 0:
            return np.zeros(0, dtype=np.float32)
        scale = np.float32(1.0 / np.sqrt(len(feats.indices)))
        out: npt.NDArray[np.float32] = self.weights[feats.indices, col].astype(np.float32) * scale
        return out

    def to_bytes(self) -> bytes:
        """Serialise (deterministically: same model, same bytes)."""
        header = {
            "outputs": list(self.outputs),
            "thresholds": {k: round(float(v), 6) for k, v in sorted(self.thresholds.items())},
            "dim": self.dim,
            "meta": self.meta,
        }
        head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode()
        body = self.weights.astype("<f2").tobytes(order="C") + self.bias.astype("<f4").tobytes()
        return MAGIC + struct.pack(">I", len(head)) + head + zlib.compress(body, 9)

    @classmethod
    def from_bytes(cls, data: bytes) -> LinearReader:
        """Parse :meth:`to_bytes` output; raises :class:`ModelFileError` when it is not one."""
        if data[:4] != MAGIC or len(data) < 8:
            msg = "not a Kamitaiou reader model (bad magic)"
            raise ModelFileError(msg)
        (hlen,) = struct.unpack(">I", data[4:8])
        try:
            header = json.loads(data[8 : 8 + hlen].decode())
            body = zlib.decompress(data[8 + hlen :])
        except (ValueError, zlib.error) as exc:
            msg = f"damaged reader model: {exc}"
            raise ModelFileError(msg) from exc
        outputs = tuple(header["outputs"])
        dim = int(header["dim"])
        k = len(outputs)
        wbytes = dim * k * 2
        if len(body) != wbytes + k * 4:
            msg = "damaged reader model: wrong body size"
            raise ModelFileError(msg)
        weights = np.frombuffer(body[:wbytes], dtype="<f2").reshape(dim, k)
        bias = np.frombuffer(body[wbytes:], dtype="<f4").astype(np.float32)
        meta = dict(header["meta"])
        version = meta.get("feature_version")
        if version is not None and version != FEATURE_VERSION:
            msg = (
                f"the model was trained on features v{version}; this version reads v"
                f"{FEATURE_VERSION} — retrain it (kamitaiou train-analyzer / train-coach)"
            )
            raise ModelFileError(msg)
        return cls(outputs, weights, bias, dict(header["thresholds"]), meta)

    def save(self, path: Path) -> None:
        """Write the model file."""
        path.write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> LinearReader:
        """Read a model file."""
        return cls.from_bytes(path.read_bytes())
