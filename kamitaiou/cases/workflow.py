"""Adapter between the cases app and the pure method core (stages of each kind)."""

from __future__ import annotations

from typing import Any

# Until the method core lands, every kind walks this path.
_PATH = ["received"]
_LABELS = {"received": "受付"}


def initial_stage(kind: str) -> str:
    """The stage a new case of ``kind`` starts in."""
    return _PATH[0]


def stage_label(kind: str, stage: str) -> str:
    """The Japanese name of ``stage``."""
    return _LABELS.get(stage, stage)


def all_stages() -> list[tuple[str, str]]:
    """Every stage identifier with its Japanese name, for filters."""
    return list(_LABELS.items())


def demo_path(kind: str) -> list[str]:
    """The usual path of a case of ``kind``, for demo data."""
    return list(_PATH)


def is_closing(stage: str) -> bool:
    """Whether reaching ``stage`` closes the case."""
    return stage == "closed"


def move_problems(case: Any, *, target: str, actor: Any) -> list[str]:
    """Why ``case`` cannot move to ``target`` now (empty when it can)."""
    return [] if target in _PATH else [f"「{target}」には移れません。"]
