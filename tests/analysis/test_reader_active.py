"""The model in force follows its file: reloaded when it changes, the shipped one when it goes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamitaiou.analysis.reader import active
from kamitaiou.analysis.reader.build import build_reader
from kamitaiou.analysis.reader.data import Row
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.train import TrainConfig

SMALL = TrainConfig(dim=1 << 10, epochs=2)


def _model(seed: int) -> LinearReader:
    rows = [
        Row("ふざけんなよ", 2, None, 0, frozenset(), "t", "g0"),
        Row("ありがとうございました", 0, None, 0, frozenset(), "t", "g1"),
        Row("お金を返して", 1, None, 0, frozenset({"refund"}), "t", "g2"),
    ]
    return build_reader(rows, config=TrainConfig(dim=SMALL.dim, epochs=2, seed=seed), tune=False)


@pytest.fixture(scope="module")
def models() -> tuple[LinearReader, LinearReader, LinearReader]:
    return _model(1), _model(2), _model(3)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, models) -> Iterator[Clock]:
    """A controllable clock, a shipped model of its own, and a clean choice before and after."""
    fake = Clock()
    shipped = tmp_path / "shipped.kmr"
    models[2].save(shipped)
    monkeypatch.setattr(active, "_clock", fake)
    monkeypatch.setattr(active, "SHIPPED", shipped)
    monkeypatch.delenv(active.ENV, raising=False)
    monkeypatch.delenv(active.ACTIVE_FILE_ENV, raising=False)
    active.reset_reader()
    yield fake
    active.reset_reader()


def _replace(path: Path, model: LinearReader) -> None:
    """Write a model the way activation does: a new file renamed over the old one."""
    tmp = path.with_suffix(".tmp")
    model.save(tmp)
    os.replace(tmp, path)


def _version(model: LinearReader) -> str:
    import hashlib

    return hashlib.sha256(model.to_bytes()).hexdigest()[:12]


def test_a_model_file_that_changes_is_reloaded_after_the_recheck_interval(
    clock, models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    a, b, _shipped = models
    path = tmp_path / "active.kmr"
    a.save(path)
    monkeypatch.setenv(active.ENV, str(path))
    assert active.reader_version() == _version(a)
    _replace(path, b)
    clock.now += active.RECHECK_SECONDS - 1
    assert active.reader_version() == _version(a)  # not looked at again yet
    clock.now += 1
    assert active.reader_version() == _version(b)
    assert active.active_reader().to_bytes() == b.to_bytes()


def test_a_model_file_that_vanishes_falls_back_to_the_shipped_model(
    clock, models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    a, _b, shipped = models
    path = tmp_path / "active.kmr"
    a.save(path)
    monkeypatch.setenv(active.ENV, str(path))
    assert active.reader_version() == _version(a)
    path.unlink()
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(shipped)
    a.save(path)  # and it comes back when the file does
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(a)


def test_the_deployments_active_file_is_picked_up_when_it_appears_and_dropped_when_removed(
    clock, models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    a, b, shipped = models
    path = tmp_path / "models" / "active.kmr"
    monkeypatch.setenv(active.ACTIVE_FILE_ENV, str(path))
    assert active.reader_version() == _version(shipped)  # no activation yet: no error
    path.parent.mkdir()
    _replace(path, a)
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(a)
    _replace(path, b)
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(b)
    path.unlink()  # rollback to the shipped model
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(shipped)


def test_an_unreadable_replacement_keeps_the_model_in_force(
    clock, models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    a, _b, _shipped = models
    path = tmp_path / "active.kmr"
    a.save(path)
    monkeypatch.setenv(active.ENV, str(path))
    assert active.reader_version() == _version(a)
    path.write_bytes(b"not a model")
    clock.now += active.RECHECK_SECONDS
    assert active.reader_version() == _version(a)


def test_an_explicit_environment_choice_wins_over_the_active_file(
    clock, models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    a, _b, _shipped = models
    path = tmp_path / "active.kmr"
    a.save(path)
    monkeypatch.setenv(active.ACTIVE_FILE_ENV, str(path))
    monkeypatch.setenv(active.ENV, "rules")
    assert active.active_reader() is None
    assert active.reader_version() == "rules"


def test_a_forced_model_is_not_replaced_by_any_file(clock, models, tmp_path: Path, monkeypatch):
    a, b, _shipped = models
    path = tmp_path / "active.kmr"
    b.save(path)
    monkeypatch.setenv(active.ACTIVE_FILE_ENV, str(path))
    active.use_reader(a)
    clock.now += 10 * active.RECHECK_SECONDS
    assert active.reader_version() == _version(a)
