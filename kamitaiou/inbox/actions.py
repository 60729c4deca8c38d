"""What the inbox changes: a person's saved views, and bulk actions on selected cases.

A bulk action runs the cases app's own ``do_*`` action on each case (so each case gets
exactly the record event it would get from its own page) inside one transaction: when
any case refuses — not visible, closed, a person outside its team, held by a supervisor —
nothing changes and the refusal names the case and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.actions import (
    ActionError,
    do_add_interaction,
    do_assign_case,
    do_set_priority,
)
from kamitaiou.cases.models import Case, Channel, Direction
from kamitaiou.inbox.models import MAX_VIEWS, NAME_LENGTH, QUERY_LENGTH, SavedView

#: at most this many cases per bulk action (one page and then some)
MAX_BULK = 100


def _clean_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ActionError("ビューの名前を入力してください。")
    if len(cleaned) > NAME_LENGTH:
        raise ActionError(f"ビューの名前は{NAME_LENGTH}文字以内にしてください。")
    return cleaned


@transaction.atomic
def do_save_view(owner: Any, *, name: str, query: str) -> SavedView:
    """Save the filters ``query`` (already canonical) under ``name`` for ``owner``."""
    cleaned = _clean_name(name)
    if len(query) > QUERY_LENGTH:
        raise ActionError("条件が長すぎて保存できません。")
    if SavedView.objects.filter(owner=owner).count() >= MAX_VIEWS:
        raise ActionError(
            f"保存できるビューは{MAX_VIEWS}件までです。不要なビューを削除してください。"
        )
    if SavedView.objects.filter(owner=owner, name=cleaned).exists():
        raise ActionError(f"「{cleaned}」という名前のビューはすでにあります。")
    try:
        with transaction.atomic():
            return SavedView.objects.create(owner=owner, name=cleaned, query=query)
    except IntegrityError:  # the same name saved a moment ago from another tab
        raise ActionError(f"「{cleaned}」という名前のビューはすでにあります。") from None


@transaction.atomic
def do_rename_view(owner: Any, view: SavedView, *, name: str) -> SavedView:
    """Give ``owner``'s ``view`` a new name."""
    cleaned = _clean_name(name)
    if SavedView.objects.filter(owner=owner, name=cleaned).exclude(pk=view.pk).exists():
        raise ActionError(f"「{cleaned}」という名前のビューはすでにあります。")
    view.name = cleaned
    view.save(update_fields=["name"])
    return view


@transaction.atomic
def do_delete_view(owner: Any, view: SavedView) -> None:
    """Delete ``owner``'s ``view`` (the cases it lists are untouched)."""
    SavedView.objects.filter(owner=owner, pk=view.pk).delete()


@dataclass(frozen=True)
class BulkChange:
    """One bulk action: ``kind`` is "assign", "priority" or "note"."""

    kind: str
    assignee: Any = None
    priority: int | None = None
    note: str = ""


class BulkRefused(ActionError):
    """One case refused; nothing was changed. ``case_id`` names it."""

    def __init__(self, case_id: int, message: str) -> None:
        super().__init__(f"#{case_id}: {message}")
        self.case_id = case_id
        self.reason = message


def _apply(actor: Any, case: Case, change: BulkChange) -> None:
    if change.kind == "assign":
        do_assign_case(actor, case, assignee=change.assignee)
    elif change.kind == "priority":
        assert change.priority is not None
        do_set_priority(actor, case, priority=change.priority)
    elif change.kind == "note":
        do_add_interaction(
            actor,
            case,
            direction=Direction.INTERNAL,
            channel=Channel.PHONE,
            text=change.note,
            occurred_at=timezone.now(),
        )
    else:
        raise ActionError("その一括操作はありません。")


@transaction.atomic
def do_bulk_change(actor: Any, request: Any, *, case_ids: Sequence[int], change: BulkChange) -> int:
    """Apply ``change`` to every case of ``case_ids`` that ``request``'s person may see,
    all or nothing; return how many cases were changed."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise ActionError("案件を選んでください。")
    if len(ids) > MAX_BULK:
        raise ActionError(f"一度に操作できるのは{MAX_BULK}件までです。")
    found = {case.pk: case for case in visible_cases(request).filter(pk__in=ids)}
    for case_id in ids:
        case = found.get(case_id)
        if case is None:  # missing and "not yours" alike
            raise BulkRefused(case_id, "この案件はありません。")
        try:
            _apply(actor, case, change)
        except ActionError as exc:
            raise BulkRefused(case_id, exc.message) from None
    return len(ids)
