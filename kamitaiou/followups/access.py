"""Who may see which follow-ups — exactly those of the cases (or customers) they may
see — and who may complete or skip one (``FollowUpRights``).

Like the cases app, "not yours" and "missing" both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role
from kamitaiou.cases.access import visible_cases, visible_customers
from kamitaiou.followups.models import FollowUp
from kamitaiou.method.followups import FollowUpKind
from kamitaiou.params import parse_id


def visible_followups(who: Any) -> QuerySet[FollowUp]:
    """Follow-ups of the cases ``who`` may see (and customer-level ones of their customers).

    A staff member's wellbeing check-in (``staff_checkin``, planned by the protection app)
    is about that person, not the customer: only the supervisor who holds it (its owner)
    and admins see it here (docs/decisions/0024)."""
    qs = FollowUp.objects.filter(
        Q(case__in=visible_cases(who).values("pk"))
        | Q(case__isnull=True, customer__in=visible_customers(who).values("pk"))
    )
    user = getattr(who, "user", who)
    if getattr(user, "role", None) != Role.ADMIN:
        qs = qs.filter(~Q(kind=FollowUpKind.STAFF_CHECKIN) | Q(owner_id=user.pk))
    return qs


def get_followup_for_user(who: Any, followup_id: Any) -> FollowUp:
    """The follow-up ``followup_id`` if ``who`` may see it; otherwise 404."""
    pk = parse_id(followup_id if isinstance(followup_id, int) else str(followup_id))
    if pk is None:
        raise Http404(_("No such follow-up."))
    try:
        return visible_followups(who).select_related("case", "customer", "owner").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404(_("No such follow-up.")) from None


class FollowUpRights:
    """Who may complete or skip a follow-up: its owner, or someone above them.

    The owner is the follow-up's ``owner`` or, when none was named, the case's assignee.
    Above the owner are a supervisor of the team the follow-up belongs to (the case's
    team, or the customer's for a customer-level one) and any admin. A follow-up meant
    for a supervisor (an SLA-breach report) is never done by an operator or a sales rep,
    even when it fell back to the case's assignee; an unowned one is open to the team.
    Seeing a follow-up (``visible_followups``) is a precondition checked before this.

    One object per request: the person's teams are read once (one query), then every
    follow-up of a list is judged from its already-fetched relations.
    """

    def __init__(self, who: Any) -> None:
        self.user = getattr(who, "user", who)
        self._team_ids: set[int] | None = None

    @property
    def team_ids(self) -> set[int]:
        if self._team_ids is None:
            self._team_ids = set(self.user.teams.values_list("pk", flat=True))
        return self._team_ids

    @staticmethod
    def owner_of(followup: FollowUp) -> Any | None:
        """Who must act on ``followup`` (its owner, else its case's assignee)."""
        if followup.owner_id is not None:
            return followup.owner
        return followup.case.assignee if followup.case_id else None

    def may_act(self, followup: FollowUp) -> bool:
        """True when the person may complete or skip ``followup``."""
        user = self.user
        # A staff check-in is recorded or declined on its own page, never completed here.
        if (
            not user.is_authenticated
            or not user.is_active
            or followup.kind == FollowUpKind.STAFF_CHECKIN
        ):
            return False
        if user.role == Role.ADMIN:
            return True
        if user.role == Role.SUPERVISOR:
            owner = self.owner_of(followup)
            if owner is not None and owner.pk == user.pk:
                return True
            team_id = followup.case.team_id if followup.case_id else followup.customer.team_id
            return team_id in self.team_ids and not (owner is not None and owner.role == Role.ADMIN)
        if followup.for_role in (Role.SUPERVISOR, Role.ADMIN):
            # An SLA-breach report is a supervisor's, even when the team has none and it
            # fell back to the case's assignee.
            return False
        owner = self.owner_of(followup)
        return owner is None or owner.pk == user.pk

    def refusal(self, followup: FollowUp) -> str | None:
        """The Japanese reason the person may not act on ``followup`` (None if they may)."""
        if self.may_act(followup):
            return None
        if followup.kind == FollowUpKind.STAFF_CHECKIN:
            return "ケア面談は、面談のページで記録します。"
        owner = self.owner_of(followup)
        if followup.for_role in (Role.SUPERVISOR, Role.ADMIN):
            if owner is None or owner.role not in (Role.SUPERVISOR, Role.ADMIN):
                return (
                    "この予定は上長（SV）向けです。完了・スキップできるのは、"
                    "チームの上長（SV）または管理者です。"
                )
            return (
                f"この予定は上長（SV）向けです。完了・スキップできるのは、担当者（{owner}）か、"
                "チームの上長（SV）・管理者です。"
            )
        if owner is None:
            return "この予定を完了・スキップできるのは、チームのメンバーです。"
        return (
            f"この予定を完了・スキップできるのは、担当者（{owner}）か、"
            "その上長（チームのSV）・管理者です。"
        )
