"""The team's verdicts on the coach's overridden findings, and what training learns from them.

When a writer saves a reply over a coach finding (``ReplyCoaching.overridden``), a
supervisor of the case's team or an admin says who was wrong: 「コーチが誤り」 (the draft did
not have that problem) or 「書き手が誤り」 (it did). ``do_judge_override`` appends an
:class:`OverrideJudgement` and a hash-chained ``override_judged`` event in one transaction;
the latest verdict per (reply, code) is what the page shows and what
``kamitaiou export-overrides`` writes, in the pure trainer's JSON-lines format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from kamitaiou.accounts.models import Role
from kamitaiou.cases.actions import ActionError, lock_case
from kamitaiou.cases.models import Case, Direction, EventKind, Interaction, ReplyCoaching
from kamitaiou.cases.record import append_event
from kamitaiou.readings.models import OverrideJudgement, OverrideVerdict

#: The replies of one case the panel lists (newest first).
PANEL_LIMIT = 30
#: One reply in this many (by id) is held out of training to measure before/after.
FOLDS = 5


def can_judge_overrides(user: Any, case: Case) -> bool:
    """A supervisor of the case's team, or an admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.SUPERVISOR and user.teams.filter(pk=case.team_id).exists()


def overridden_codes(coaching: ReplyCoaching) -> list[str]:
    """The distinct finding codes the writer overrode, in the stored order."""
    codes = [item.get("code") for item in coaching.overridden or [] if isinstance(item, dict)]
    return list(dict.fromkeys(code for code in codes if isinstance(code, str)))


def latest_verdicts(interactions: Sequence[int]) -> dict[tuple[int, str], OverrideJudgement]:
    """The latest judgement of each (reply, code) among ``interactions``."""
    latest: dict[tuple[int, str], OverrideJudgement] = {}
    rows = OverrideJudgement.objects.filter(interaction_id__in=list(interactions)).select_related(
        "actor"
    )
    for row in rows.order_by("created_at", "pk"):
        latest[(row.interaction_id, row.code)] = row
    return latest


@transaction.atomic
def do_judge_override(actor: Any, interaction: Interaction, *, code: str, verdict: str) -> Any:
    """Record who was wrong about one overridden finding of a reply (append-only)."""
    case = lock_case(interaction.case)
    if not can_judge_overrides(actor, case):
        raise ActionError("上書きを判定できるのは、このチームの上長か管理者だけです。")
    if verdict not in OverrideVerdict.values:
        raise ActionError("判定が正しくありません。")
    coaching = ReplyCoaching.objects.filter(
        interaction=interaction, interaction__direction=Direction.OUT
    ).first()
    if coaching is None or code not in overridden_codes(coaching):
        raise ActionError("この返信でその指摘は上書きされていません。")
    event = append_event(
        case,
        kind=EventKind.OVERRIDE_JUDGED,
        actor=actor,
        data={"interaction": interaction.pk, "code": code, "verdict": verdict},
    )
    case.save(update_fields=["record_seq", "record_head"])
    return OverrideJudgement.objects.create(
        case=case,
        interaction=interaction,
        code=code,
        verdict=verdict,
        actor=actor,
        event=event,
    )


@dataclass(frozen=True)
class JudgedReply:
    """One reply whose overrides were judged, as the trainer reads it."""

    interaction_id: int
    draft: str
    kind: str
    stage: str
    anger: int | None
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def held_out(self) -> bool:
        """Deterministic by reply id: one reply in ``FOLDS`` never trains."""
        return self.interaction_id % FOLDS == 0

    def to_json(self) -> str:
        return json.dumps(
            {
                "draft": self.draft,
                "kind": self.kind,
                "stage": self.stage,
                "anger": self.anger,
                "present": self.present,
                "absent": self.absent,
            },
            ensure_ascii=False,
        )


def judged_replies() -> Iterator[JudgedReply]:
    """Every reply with at least one judged override, its latest verdict per code."""
    rows = OverrideJudgement.objects.select_related(
        "interaction", "interaction__coaching", "case"
    ).order_by("interaction_id", "created_at", "pk")
    current: dict[int, dict[str, str]] = {}
    seen: dict[int, OverrideJudgement] = {}
    for row in rows.iterator(chunk_size=500):
        current.setdefault(row.interaction_id, {})[row.code] = row.verdict
        seen[row.interaction_id] = row
    for interaction_id, verdicts in current.items():
        row = seen[interaction_id]
        yield JudgedReply(
            interaction_id=interaction_id,
            draft=row.interaction.text,
            kind=row.case.kind,
            # the stage the reply was written at, kept with its coaching
            stage=row.interaction.coaching.stage,
            anger=row.case.anger,
            present=sorted(c for c, v in verdicts.items() if v == OverrideVerdict.WRITER_WRONG),
            absent=sorted(c for c, v in verdicts.items() if v == OverrideVerdict.COACH_WRONG),
        )


def write_jsonl(rows: Sequence[JudgedReply], path: Path) -> int:
    path.write_text("".join(r.to_json() + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def override_panel(request: Any, case: Case) -> dict[str, Any] | None:
    """The case page's list of replies saved over coach findings, with a verdict button
    per finding — for those who may judge them (registered in ``ReadingsConfig.ready``)."""
    if not can_judge_overrides(request.user, case):
        return None
    kept = list(
        ReplyCoaching.objects.filter(interaction__case=case, interaction__direction=Direction.OUT)
        .exclude(overridden=[])
        .select_related("interaction", "interaction__author")
        .order_by("-interaction__occurred_at", "-pk")[:PANEL_LIMIT]
    )
    if not kept:
        return None
    verdicts = latest_verdicts([k.interaction_id for k in kept])
    replies = []
    for coaching in kept:
        findings = []
        for code in overridden_codes(coaching):
            text = next(
                (i.get("text", "") for i in coaching.overridden if i.get("code") == code), ""
            )
            findings.append(
                {
                    "code": code,
                    "text": text,
                    "latest": verdicts.get((coaching.interaction_id, code)),
                }
            )
        replies.append({"interaction": coaching.interaction, "findings": findings})
    return {"replies": replies, "verdicts": OverrideVerdict.choices}
