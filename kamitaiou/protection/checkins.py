"""Care for staff (ケア面談): plan the check-ins after an incident, record or decline them.

Planning subscribes to the cases app's ``HarassmentRecorded`` (desk_hooks): it runs inside
the incident's transaction, so an incident is never saved without its check-ins. The
schedule is a follow-up of kind ``staff_checkin`` owned by the staff member's supervisor
(it shows on their 「今日の予定」 and reminds them by mail); it belongs to the customer but
to no case, so it is not on the customer's case page nor on the case record. What was said
is kept on ``CheckIn`` and read only by the person, the desk and admins (desk_access).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.accounts.models import Role, User
from kamitaiou.cases.actions import ActionError
from kamitaiou.followups.models import FollowUp, Status
from kamitaiou.method.followups import DEFAULT_CALENDAR
from kamitaiou.method.followups.staff_care import plan_staff_checkins
from kamitaiou.protection.desk_access import CheckInRights
from kamitaiou.protection.desk_models import CheckIn, DeskEvent

#: What the follow-up says once done or declined (the content stays on the check-in).
DONE_NOTE = "面談を記録しました（内容は本人・相談窓口・管理者のみ閲覧できます）。"
DECLINED_NOTE = "本人が面談を辞退しました。"


def supervisor_for_staff(staff: Any, *, team_id: int | None) -> Any:
    """Who holds the check-ins: a supervisor of the case's team, else of one of the staff
    member's teams (never the person themselves), else an admin; ``None`` if nobody."""
    supervisors = User.objects.filter(role=Role.SUPERVISOR, is_active=True).exclude(pk=staff.pk)
    found = None
    if team_id is not None:
        found = supervisors.filter(teams=team_id).order_by("pk").first()
    if found is None:
        found = supervisors.filter(teams__in=staff.teams.values("pk")).order_by("pk").first()
    if found is None:
        found = (
            User.objects.filter(role=Role.ADMIN, is_active=True)
            .exclude(pk=staff.pk)
            .order_by("pk")
            .first()
        )
    return found


@transaction.atomic
def do_plan_checkins(actor: Any, incident: Any, *, case: Any) -> list[CheckIn]:
    """Plan the three check-ins of the incident's staff member (next business day, one
    week, one month). While the person still has a check-in planned, a new incident
    joins that care instead of starting a second series (five abusive mails in a row
    plan three check-ins, not fifteen)."""
    staff = incident.staff
    if CheckIn.objects.filter(staff=staff, status=CheckIn.Status.PLANNED).exists():
        return []
    supervisor = supervisor_for_staff(staff, team_id=case.team_id)
    now = timezone.now()
    plans = plan_staff_checkins(
        staff_id=staff.pk,
        staff_name=str(staff),
        incident_id=incident.pk,
        at=incident.occurred_at,
        now=now,
        calendar=DEFAULT_CALENDAR,
    )
    created = []
    for plan in plans:
        followup, made = FollowUp.objects.get_or_create(
            dedupe_key=plan.followup.dedupe_key,
            defaults={
                "case": None,
                "customer_id": case.customer_id,
                "kind": plan.followup.kind.value,
                "due_at": plan.followup.due_at,
                "anchor_at": incident.occurred_at,
                "owner": supervisor,
                "for_role": Role.SUPERVISOR.value,
                "title": plan.followup.title_ja[:200],
                "note": plan.followup.note_ja,
            },
        )
        if made:
            created.append(
                CheckIn.objects.create(
                    followup=followup,
                    staff=staff,
                    supervisor=supervisor,
                    incident=incident,
                    team_id=case.team_id,
                    step=plan.step.value,
                )
            )
    if created:
        DeskEvent.objects.create(
            kind=DeskEvent.Kind.CHECKINS_PLANNED,
            actor=actor,
            data={"incident": incident.pk, "checkins": [c.pk for c in created]},
        )
    return created


def _lock(checkin: CheckIn) -> CheckIn:
    return CheckIn.objects.select_for_update().select_related("followup").get(pk=checkin.pk)


def _close_followup(
    followup: FollowUp, *, status: str, actor: Any, note: str, now: datetime
) -> None:
    followup.status, followup.done_at, followup.done_by = status, now, actor
    followup.result_note = note
    followup.save(update_fields=["status", "done_at", "done_by", "result_note"])


@transaction.atomic
def do_record_checkin(
    actor: Any,
    checkin: CheckIn,
    *,
    wellbeing: str,
    how_they_are: str,
    agreed: str,
    held_at: datetime,
) -> CheckIn:
    """The holder (or the desk) records how the person is and what was agreed."""
    locked = _lock(checkin)
    if not CheckInRights(actor, locked).can_record:
        raise ActionError(
            "この面談は記録できません（予定中の面談を、担当の上長か相談窓口が記録します）。"
        )
    now = timezone.now()
    if held_at > now:
        raise ActionError("面談した日時に未来の時刻は指定できません。")
    locked.status = CheckIn.Status.DONE
    locked.wellbeing, locked.how_they_are, locked.agreed = wellbeing, how_they_are, agreed
    locked.held_at, locked.recorded_by, locked.closed_at = held_at, actor, now
    locked.save()
    _close_followup(locked.followup, status=Status.DONE, actor=actor, note=DONE_NOTE, now=now)
    DeskEvent.objects.create(
        kind=DeskEvent.Kind.CHECKIN_RECORDED, actor=actor, data={"checkin": locked.pk}
    )
    return locked


@transaction.atomic
def do_decline_checkin(
    actor: Any, checkin: CheckIn, *, note: str = "", all_remaining: bool = False
) -> list[CheckIn]:
    """The person declines this check-in (and, if they say so, the remaining ones)."""
    locked = _lock(checkin)
    if not CheckInRights(actor, locked).can_decline:
        raise ActionError("面談を辞退できるのは、予定中の面談の本人だけです。")
    rows = [locked]
    if all_remaining:
        rows += list(
            CheckIn.objects.select_for_update()
            .select_related("followup")
            .filter(incident=locked.incident_id, staff=actor, status=CheckIn.Status.PLANNED)
            .exclude(pk=locked.pk)
        )
    now = timezone.now()
    for row in rows:
        row.status, row.decline_note, row.closed_at = CheckIn.Status.DECLINED, note, now
        row.save(update_fields=["status", "decline_note", "closed_at"])
        _close_followup(
            row.followup, status=Status.SKIPPED, actor=actor, note=DECLINED_NOTE, now=now
        )
    DeskEvent.objects.create(
        kind=DeskEvent.Kind.CHECKIN_DECLINED,
        actor=actor,
        data={"checkins": [row.pk for row in rows]},
    )
    return rows
