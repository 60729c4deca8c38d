"""Who may see the desk's rows. Every desk view fetches through these helpers; "not yours"
and "missing" both answer 404, so not even the existence of a consultation leaks.

- **The desk** is a person with the ``protection.handle_consultations`` permission (granted
  in the admin, e.g. to HR staff) or an admin. The desk reads every consultation and every
  check-in record; nobody else reads a consultation but its own filer, who sees what they
  wrote and its status (not the desk's notes).
- **A check-in** is seen by its staff member (who reads the record and may decline), the
  supervisor who holds it (who records it, and afterwards sees only that it took place),
  the desk and admins. Colleagues — the same team's supervisor included, when someone
  else holds it — see nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role
from kamitaiou.params import parse_id
from kamitaiou.protection.desk_models import DESK_PERMISSION, CheckIn, Consultation


def _user(who: Any) -> Any:
    return getattr(who, "user", who)


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_desk(who: Any) -> bool:
    """True for the desk: admins and holders of the desk permission."""
    user = _user(who)
    if not _active(user):
        return False
    return bool(user.role == Role.ADMIN or user.has_perm(DESK_PERMISSION))


def is_admin(who: Any) -> bool:
    user = _user(who)
    return _active(user) and user.role == Role.ADMIN


def _pk(raw: Any, message: str) -> int:
    value = parse_id(raw if isinstance(raw, int) else str(raw))
    if value is None:
        raise Http404(message)
    return value


def visible_consultations(who: Any) -> QuerySet[Consultation]:
    """Consultations ``who`` may open: all for the desk, their own for anyone else."""
    user = _user(who)
    if not _active(user):
        return Consultation.objects.none()
    if is_desk(user):
        return Consultation.objects.all()
    return Consultation.objects.filter(filed_by=user)


def get_consultation_for_user(who: Any, consultation_id: Any) -> Consultation:
    """The consultation if ``who`` may open it; otherwise 404 (missing or not theirs)."""
    message = _("該当する相談はありません。")
    try:
        return (
            visible_consultations(who)
            .select_related("filed_by", "team", "case", "incident")
            .get(pk=_pk(consultation_id, message))
        )
    except Consultation.DoesNotExist:
        raise Http404(message) from None


def visible_checkins(who: Any) -> QuerySet[CheckIn]:
    """Check-ins ``who`` may see: their own, those they hold, all for the desk."""
    user = _user(who)
    if not _active(user):
        return CheckIn.objects.none()
    if is_desk(user):
        return CheckIn.objects.all()
    return CheckIn.objects.filter(Q(staff=user) | Q(supervisor=user))


def get_checkin_for_user(who: Any, checkin_id: Any) -> CheckIn:
    """The check-in if ``who`` may see it; otherwise 404."""
    message = _("該当するケア面談はありません。")
    try:
        return (
            visible_checkins(who)
            .select_related("staff", "supervisor", "followup", "recorded_by")
            .get(pk=_pk(checkin_id, message))
        )
    except CheckIn.DoesNotExist:
        raise Http404(message) from None


def get_checkin_by_followup(who: Any, followup_id: Any) -> CheckIn:
    """The check-in planned as follow-up ``followup_id`` (the today page links to it)."""
    message = _("該当するケア面談はありません。")
    try:
        return visible_checkins(who).get(followup_id=_pk(followup_id, message))
    except CheckIn.DoesNotExist:
        raise Http404(message) from None


class CheckInRights:
    """What the person looking may do with one check-in they can see."""

    def __init__(self, who: Any, checkin: CheckIn) -> None:
        self.user = _user(who)
        self.checkin = checkin
        self.is_staff_member = checkin.staff_id == self.user.pk
        self.is_holder = checkin.supervisor_id == self.user.pk
        self.is_desk = is_desk(self.user)

    @property
    def can_read_record(self) -> bool:
        """How they are and what was agreed: the person, the desk and admins only."""
        return self.is_staff_member or self.is_desk

    @property
    def can_record(self) -> bool:
        return (
            self.checkin.is_planned
            and not self.is_staff_member
            and (self.is_holder or self.is_desk)
        )

    @property
    def can_decline(self) -> bool:
        return self.checkin.is_planned and self.is_staff_member
