"""Shared helpers for the analyzer tests (no Django needed)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kamitaiou.analysis import Analysis, analyze
from kamitaiou.analysis.timeexpr import TOKYO

REPO = Path(__file__).resolve().parents[2]
DEV_CASES = Path("/work/shared/eval/dev_cases.tsv")
NAIST = Path("/work/shared/eval/external/naist_anger_dev.tsv")
OWN_CASES = REPO / "eval" / "cases.tsv"
MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)


def run(text: str, now: datetime = MONDAY) -> Analysis:
    """Analyse with the evaluation 'now' (Monday 2026-11-16 09:00 JST)."""
    return analyze(text, now=now)


def labels(text: str, now: datetime = MONDAY) -> set[str]:
    """The label names found in ``text``."""
    return {str(label) for label in run(text, now).labels}


@pytest.fixture
def monday() -> datetime:
    return MONDAY


@pytest.fixture
def rules_only():
    """Read with the rules alone (tests of the rule engine itself, not of the combination)."""
    from kamitaiou.analysis.reader.active import reset_reader, use_reader

    use_reader(None)
    yield
    reset_reader()
