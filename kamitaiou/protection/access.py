"""Who may read an incident record and decide a restriction (built on ``cases.access``).

An incident is personal: it is read by the case's assignee, the staff member targeted,
whoever recorded it, the supervisors of the case's team and admins — never by another
team (404, as for a case), and not by every colleague of the team either. Restrictions
are decided and lifted by a supervisor of the customer's team or an admin.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role, Team
from kamitaiou.cases.access import visible_cases, visible_customers
from kamitaiou.params import parse_id
from kamitaiou.protection.models import Incident, Restriction


def _user(who: Any) -> Any:
    return getattr(who, "user", who)


def readable_incidents(who: Any) -> QuerySet[Incident]:
    """The incident records ``who`` (a user or a request) may read."""
    user = _user(who)
    cases = visible_cases(user)
    qs = Incident.objects.filter(case__in=cases.values("pk"))
    if not user.is_authenticated or user.role == Role.ADMIN:
        return qs
    if user.role == Role.SUPERVISOR:
        return qs
    return qs.filter(Q(case__assignee=user) | Q(targeted=user) | Q(created_by=user))


def _id(raw: Any) -> int:
    value = parse_id(raw if isinstance(raw, int) else str(raw))
    if value is None:
        raise Http404(_("No such incident."))
    return value


def get_incident_for_user(who: Any, incident_id: Any) -> Incident:
    """The incident ``incident_id`` if ``who`` may read it; otherwise 404."""
    qs = readable_incidents(who).select_related(
        "case", "case__customer", "case__team", "case__assignee", "targeted", "created_by"
    )
    try:
        return qs.get(pk=_id(incident_id))
    except Incident.DoesNotExist:
        raise Http404(_("No such incident.")) from None


def is_supervisor_of(who: Any, team_id: int) -> bool:
    """True for an admin, or a supervisor who leads ``team_id``."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.SUPERVISOR and user.teams.filter(pk=team_id).exists()


def supervised_teams(who: Any) -> QuerySet[Team]:
    """The teams whose recurrence report ``who`` may read: admins all, supervisors theirs."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.role == Role.ADMIN:
        return Team.objects.all()
    if user.role == Role.SUPERVISOR:
        return user.teams.all()
    return Team.objects.none()


def get_restriction_for_supervisor(who: Any, restriction_id: Any) -> Restriction:
    """A restriction of a customer whose team ``who`` supervises (or any, for an admin)."""
    try:
        restriction = Restriction.objects.select_related("customer").get(
            pk=_id(restriction_id), customer__in=visible_customers(who).values("pk")
        )
    except Restriction.DoesNotExist:
        raise Http404(_("No such restriction.")) from None
    if not is_supervisor_of(who, restriction.customer.team_id):
        raise Http404(_("No such restriction."))
    return restriction
