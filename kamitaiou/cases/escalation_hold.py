"""Who holds an escalated case (METHOD.md §9.5).

Once a supervisor takes over an escalation, the case is theirs until a supervisor or an
admin hands it on with a written reason (``method.escalation.reassign_refusal``). The
actions ask here before changing the assignee; the case page asks to decide what to
offer.
"""

from __future__ import annotations

from typing import Any

from kamitaiou.accounts.models import Role
from kamitaiou.cases.models import Case
from kamitaiou.method.escalation import reassign_refusal
from kamitaiou.method.facts import Role as MethodRole

HOLDER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def held_by(case: Case) -> Any | None:
    """The supervisor (or admin) holding ``case`` after taking over its escalation."""
    assignee = case.assignee
    if assignee is None or assignee.role not in HOLDER_ROLES:
        return None
    if not case.escalations.filter(accepted_at__isnull=False).exists():
        return None
    return assignee


def reassign_problem(actor: Any, *, holder: Any | None, reason: str) -> str | None:
    """Why ``actor`` may not change the assignee of a case ``holder`` holds (``held_by``);
    ``None`` when they may."""
    return reassign_refusal(
        actor_role=MethodRole(actor.role), held_by_supervisor=holder is not None, reason=reason
    )
