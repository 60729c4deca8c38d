"""Which checker the coach uses: the environment, else the deployment's activated file (watched
like the reader's), else the shipped one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.watch import model_version
from kamitaiou.method.coach import learned
from kamitaiou.method.coach.learned import LEARNED_CODES


def _model(seed: int) -> LinearReader:
    rng = np.random.default_rng(seed)
    k = len(LEARNED_CODES)
    weights = rng.normal(size=(16, k)).astype("<f2")
    return LinearReader(LEARNED_CODES, weights, np.zeros(k, np.float32), {}, {"coach": True})


def _version(model: LinearReader | None) -> str:
    return "rules" if model is None else model_version(model.to_bytes())


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Clock]:
    """A controllable clock, a shipped checker of its own, and a clean choice around the test."""
    fake = Clock()
    shipped = tmp_path / "coach.kmr"
    _model(3).save(shipped)
    monkeypatch.setattr(learned, "_clock", fake)
    monkeypatch.setattr(learned, "SHIPPED", shipped)
    monkeypatch.delenv(learned.ENV, raising=False)
    monkeypatch.delenv(learned.ACTIVE_FILE_ENV, raising=False)
    learned.reset_coach_model()
    yield fake
    learned.reset_coach_model()


def _replace(path: Path, model: LinearReader) -> None:
    """Write a checker the way activation does: a new file renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    model.save(tmp)
    os.replace(tmp, path)


def test_without_an_activated_file_the_shipped_checker_is_used(clock, tmp_path, monkeypatch):
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(tmp_path / "models" / "coach-active.kmr"))
    assert learned.coach_model_version() == _version(_model(3))


def test_an_activated_file_is_picked_up_after_the_recheck_and_dropped_when_removed(
    clock, tmp_path, monkeypatch
):
    path = tmp_path / "models" / "coach-active.kmr"
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(path))
    shipped = learned.coach_model_version()
    _replace(path, _model(1))
    clock.now += learned.RECHECK_SECONDS - 1
    assert learned.coach_model_version() == shipped  # not looked at again yet
    clock.now += 1
    assert learned.coach_model_version() == _version(_model(1))
    _replace(path, _model(2))
    clock.now += learned.RECHECK_SECONDS
    assert learned.coach_model().to_bytes() == _model(2).to_bytes()
    path.unlink()  # back to the shipped checker
    clock.now += learned.RECHECK_SECONDS
    assert learned.coach_model_version() == shipped


def test_the_environment_wins_over_the_activated_file(clock, tmp_path, monkeypatch):
    active = tmp_path / "coach-active.kmr"
    _model(1).save(active)
    chosen = tmp_path / "chosen.kmr"
    _model(2).save(chosen)
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(active))
    monkeypatch.setenv(learned.ENV, str(chosen))
    assert learned.coach_model_version() == _version(_model(2))
    monkeypatch.setenv(learned.ENV, "rules")
    learned.reset_coach_model()
    assert learned.coach_model() is None


def test_a_missing_explicit_file_is_an_error_but_a_missing_activated_file_is_not(
    clock, tmp_path, monkeypatch
):
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(tmp_path / "none.kmr"))
    assert learned.coach_model() is not None  # the shipped one
    monkeypatch.setenv(learned.ENV, str(tmp_path / "missing.kmr"))
    learned.reset_coach_model()
    with pytest.raises(FileNotFoundError, match="KAMITAIOU_COACH_MODEL"):
        learned.coach_model()


def test_a_damaged_activated_file_keeps_the_checker_in_force(clock, tmp_path, monkeypatch):
    path = tmp_path / "coach-active.kmr"
    _replace(path, _model(1))
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(path))
    assert learned.coach_model_version() == _version(_model(1))
    path.write_bytes(b"not a model")
    clock.now += learned.RECHECK_SECONDS
    assert learned.coach_model_version() == _version(_model(1))


def test_a_forced_checker_is_not_replaced_by_any_file(clock, tmp_path, monkeypatch):
    path = tmp_path / "coach-active.kmr"
    _replace(path, _model(1))
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(path))
    learned.use_coach_model(None)
    clock.now += 10 * learned.RECHECK_SECONDS
    assert learned.coach_model() is None
