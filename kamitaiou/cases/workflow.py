"""Adapter between the cases app and the pure method core (``kamitaiou.method``).

The method owns the stages and the transition table with its guards; this module turns
a stored case into the plain facts the method reads.
"""

from __future__ import annotations

from typing import Any

from kamitaiou.method.facts import CaseFacts, Role
from kamitaiou.method.stages import CaseKind, Stage
from kamitaiou.method.stages import initial_stage as method_initial_stage
from kamitaiou.method.transitions import TRANSITIONS, TransitionError, check_transition


def initial_stage(kind: str) -> str:
    """The stage a new case of ``kind`` starts in."""
    return method_initial_stage(CaseKind(kind)).value


def stage_label(kind: str, stage: str) -> str:
    """The Japanese name of ``stage`` (the identifier itself if it is unknown)."""
    try:
        return Stage(stage).label_ja
    except ValueError:
        return stage


def all_stages() -> list[tuple[str, str]]:
    """Every stage identifier with its Japanese name, for filters."""
    return [(stage.value, stage.label_ja) for stage in Stage]


def is_closing(stage: str) -> bool:
    """Whether reaching ``stage`` closes the case."""
    return Stage(stage).is_terminal


def facts_for(case: Any, *, actor: Any) -> CaseFacts:
    """What the method needs to know about ``case`` to judge a move by ``actor``."""
    return CaseFacts(actor_role=Role(actor.role))


def move_problems(case: Any, *, target: str, actor: Any) -> list[str]:
    """Why ``case`` cannot move to ``target`` now (empty when it can)."""
    try:
        check_transition(
            CaseKind(case.kind), Stage(case.stage), Stage(target), facts_for(case, actor=actor)
        )
    except TransitionError as exc:
        return list(exc.reasons)
    except ValueError:
        return [f"「{target}」という段階はありません。"]
    return []


def demo_path(kind: str) -> list[str]:
    """The moves from the initial stage that need no recorded facts, for demo data."""
    path = [initial_stage(kind)]
    table = {t.source.value: t for t in TRANSITIONS[CaseKind(kind)] if not t.guards}
    while path[-1] in table and table[path[-1]].target.value not in path:
        path.append(table[path[-1]].target.value)
    return path
