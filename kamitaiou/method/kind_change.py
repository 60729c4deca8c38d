"""Changing a case's kind (METHOD.md §2).

"An unreasonable demand badly handled becomes a complaint." The case keeps its history
and lands in a stage of its new kind:

- unreasonable demand / special request → complaint: **calming** — the customer is
  upset now, and calming comes first (§6 precondition);
- after-follow → complaint: **received** — a problem surfaced during follow-up; staff
  then choose calming, or hearing if the customer is calm;
- after-follow → unreasonable demand / special request: **received** — the customer
  asked for something during follow-up, and that protocol starts from the beginning.

A complaint stays a complaint, and a closed case keeps its kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kamitaiou.method.stages import KIND_STAGES, CaseKind, Stage
from kamitaiou.method.transitions import TransitionError

#: (from kind, to kind) → the stage the case lands in
KIND_CHANGES: Mapping[tuple[CaseKind, CaseKind], Stage] = MappingProxyType(
    {
        (CaseKind.UNREASONABLE_DEMAND, CaseKind.COMPLAINT): Stage.CALMING,
        (CaseKind.SPECIAL_REQUEST, CaseKind.COMPLAINT): Stage.CALMING,
        (CaseKind.AFTER_FOLLOW, CaseKind.COMPLAINT): Stage.RECEIVED,
        (CaseKind.AFTER_FOLLOW, CaseKind.UNREASONABLE_DEMAND): Stage.RECEIVED,
        (CaseKind.AFTER_FOLLOW, CaseKind.SPECIAL_REQUEST): Stage.RECEIVED,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class KindChange:
    """A kind change offered to the UI."""

    target_kind: CaseKind
    landing_stage: Stage

    @property
    def label_ja(self) -> str:
        """The button label, e.g. 「クレームに切り替える」."""
        return f"{self.target_kind.label_ja}に切り替える"


def kind_change_options(kind: CaseKind, stage: Stage) -> list[KindChange]:
    """Return the kinds a case of ``kind`` in ``stage`` may change to (none once closed)."""
    if stage.is_terminal:
        return []
    return [
        KindChange(target_kind=target, landing_stage=landing)
        for (source, target), landing in KIND_CHANGES.items()
        if source is kind
    ]


def change_kind(kind: CaseKind, stage: Stage, *, to: CaseKind, reason: str) -> Stage:
    """Return the stage a case lands in when its kind changes to ``to``.

    Raises ``TransitionError`` (Japanese reasons) when the change is not allowed or
    no reason is written.
    """
    if stage not in KIND_STAGES[kind]:
        raise TransitionError([f"「{stage.label_ja}」は{kind.label_ja}の段階ではありません。"])
    reasons: list[str] = []
    landing = KIND_CHANGES.get((kind, to))
    if stage.is_terminal:
        reasons.append("完了した案件の種別は変更できません。")
    elif landing is None:
        reasons.append(f"{kind.label_ja}から{to.label_ja}へは種別を変更できません。")
    if not reason.strip():
        reasons.append("種別を変更する理由を記入してください。")
    if reasons or landing is None:
        raise TransitionError(reasons)
    return landing
