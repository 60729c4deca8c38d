"""Shorthands for the coach tests."""

from __future__ import annotations

from kamitaiou.method.coach import CoachContext, Finding, check_draft
from kamitaiou.method.stages import CaseKind, Stage

C = CaseKind.COMPLAINT
U = CaseKind.UNREASONABLE_DEMAND
S = CaseKind.SPECIAL_REQUEST
A = CaseKind.AFTER_FOLLOW


def check(
    draft: str,
    kind: CaseKind = C,
    stage: Stage = Stage.CALMING,
    *,
    anger: int | None = None,
    special_approved: bool | None = None,
) -> list[Finding]:
    context = CoachContext(anger=anger, special_approved=special_approved)
    return check_draft(draft, kind=kind, stage=stage, context=context)


def codes(draft: str, kind: CaseKind = C, stage: Stage = Stage.CALMING, **kw: object) -> set[str]:
    return {str(f.code) for f in check(draft, kind, stage, **kw)}  # type: ignore[arg-type]


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]
