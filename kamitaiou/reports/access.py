"""Whose figures a person may see (issue #15, item 3) — always through ``cases.access``.

An operator or a sales rep sees their own figures (the cases assigned to them); a
supervisor the teams they lead and each person in them; an admin everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kamitaiou.accounts.models import Role, Team, User
from kamitaiou.cases.access import visible_cases, visible_teams
from kamitaiou.cases.models import Case


def _user(who: Any) -> Any:
    return getattr(who, "user", who)


def sees_teams(who: Any) -> bool:
    """Supervisors and admins choose a team and a person; the others see only their own."""
    user = _user(who)
    return bool(user.is_authenticated and user.role in (Role.SUPERVISOR, Role.ADMIN))


def report_cases(who: Any) -> QuerySet[Case]:
    """The cases whose figures ``who`` may see."""
    user = _user(who)
    cases = visible_cases(user)
    if not sees_teams(user):
        cases = cases.filter(assignee=user)
    return cases


def report_teams(who: Any) -> QuerySet[Team]:
    """Teams ``who`` may pick (none for an operator or a sales rep)."""
    return visible_teams(who) if sees_teams(who) else Team.objects.none()


def report_people(who: Any) -> QuerySet[User]:
    """People whose figures ``who`` may pick: themselves, or the members of their teams."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if not sees_teams(user):
        return User.objects.filter(pk=user.pk)
    if user.role == Role.ADMIN:
        return User.objects.filter(is_active=True).order_by("username")
    return (
        User.objects.filter(is_active=True, teams__in=visible_teams(user).values("pk"))
        .distinct()
        .order_by("username")
    )
