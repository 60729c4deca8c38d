"""Who may see what. Every view fetches cases and customers through these helpers.

Operators and sales reps see their teams' cases, supervisors the teams they lead
(their teams too), admins everything. "Not yours" and "missing" both answer 404, so
the existence of another team's case is never revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role, Team
from kamitaiou.cases.models import Case, Contract, Customer
from kamitaiou.params import parse_id


def _user(who: Any) -> Any:
    return getattr(who, "user", who)


def visible_teams(who: Any) -> QuerySet[Team]:
    """Teams whose work ``who`` (a user or a request) may see."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.role == Role.ADMIN:
        return Team.objects.all()
    return user.teams.all()


def visible_cases(who: Any) -> QuerySet[Case]:
    """Cases ``who`` may see."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.role == Role.ADMIN:
        return Case.objects.all()
    return Case.objects.filter(team__in=user.teams.values("pk"))


#: where ``visible_team_ids`` keeps its answer on the request
_TEAM_IDS = "_kamitaiou_visible_team_ids"


def visible_team_ids(who: Any) -> tuple[int, ...] | None:
    """The ids of the teams ``who`` may see, ``None`` for every team (an admin); read
    once per request (kept on it) when ``who`` is a request."""
    cached = getattr(who, _TEAM_IDS, False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        ids: tuple[int, ...] | None = ()
    elif user.role == Role.ADMIN:
        ids = None
    else:
        ids = tuple(sorted(user.teams.values_list("pk", flat=True)))
    if who is not user:
        setattr(who, _TEAM_IDS, ids)
    return ids


def listed_cases(who: Any) -> QuerySet[Case]:
    """The cases of ``visible_cases``, filtered on the team ids themselves rather than
    a membership subquery: a list page (the inbox) then seeks one team's index."""
    ids = visible_team_ids(who)
    if ids is None:
        return Case.objects.all()
    if len(ids) == 1:
        return Case.objects.filter(team_id=ids[0])
    return Case.objects.filter(team_id__in=ids)


def listed_customers(who: Any) -> QuerySet[Customer]:
    """The customers of ``visible_customers``, filtered on the team ids themselves (as
    ``listed_cases``): a list newest first then walks one team's index."""
    ids = visible_team_ids(who)
    if ids is None:
        return Customer.objects.all()
    if len(ids) == 1:
        return Customer.objects.filter(team_id=ids[0])
    return Customer.objects.filter(team_id__in=ids)


def visible_customers(who: Any) -> QuerySet[Customer]:
    """Customers ``who`` may see: those of the teams they work in."""
    user = _user(who)
    if not user.is_authenticated or not user.is_active:
        return Customer.objects.none()
    if user.role == Role.ADMIN:
        return Customer.objects.all()
    return Customer.objects.filter(team__in=user.teams.values("pk"))


def visible_contracts(who: Any) -> QuerySet[Contract]:
    """Contracts ``who`` may see: those of the customers they may see."""
    return Contract.objects.filter(customer__in=visible_customers(who))


def _parse_id(raw: Any) -> int:
    value = parse_id(raw if isinstance(raw, int) else str(raw))
    if value is None:
        raise Http404(_("No such case."))
    return value


def get_case_for_user(who: Any, case_id: Any, *, for_update: bool = False) -> Case:
    """The case ``case_id`` if ``who`` may see it; otherwise 404 (missing or not theirs)."""
    qs = visible_cases(who).select_related("customer", "contract", "team", "assignee")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=_parse_id(case_id))
    except Case.DoesNotExist:
        raise Http404(_("No such case.")) from None


def get_customer_for_user(who: Any, customer_id: Any) -> Customer:
    """The customer ``customer_id`` if ``who`` may see it; otherwise 404."""
    try:
        return visible_customers(who).select_related("team").get(pk=_parse_id(customer_id))
    except Customer.DoesNotExist:
        raise Http404(_("No such customer.")) from None


def get_contract_for_user(who: Any, contract_id: Any) -> Contract:
    """The contract ``contract_id`` if ``who`` may see its customer; otherwise 404."""
    try:
        qs = visible_contracts(who).select_related("customer")
        return qs.get(pk=_parse_id(contract_id))
    except Contract.DoesNotExist:
        raise Http404(_("No such contract.")) from None
