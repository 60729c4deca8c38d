"""Builders for the report tests: closed cases with an ending, in a given month."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.models import Case
from kamitaiou.method.outcome import Ending, Outcome
from tests.conftest import make_case


def closed_case(
    actor: Any, *, ending: str, assignee: Any = None, when: Any = None, **fields: Any
) -> Any:
    """A case of ``actor``'s team, assigned to ``assignee``, closed ``when`` with ``ending``."""
    case = make_case(actor, assignee=assignee or actor, **fields)
    when = when or timezone.now()
    before, after = {"trust_lost": (3, 1), "relationship_continues": (3, 3)}.get(ending, (3, 5))
    ma.do_record_outcome(
        actor,
        case,
        outcome=Outcome(ending=Ending(ending), trust_before=before, trust_after=after),
    )
    Case.objects.filter(pk=case.pk).update(
        closed_at=when, stage="closed", opened_at=when - timedelta(hours=2)
    )
    case.refresh_from_db()
    return case
