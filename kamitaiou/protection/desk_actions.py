"""The only way consultations change: ``do_*`` actions, atomic, with a ``DeskEvent``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.cases.actions import ActionError
from kamitaiou.protection.desk_access import is_desk
from kamitaiou.protection.desk_models import Consultation, ConsultationNote, DeskEvent


@transaction.atomic
def do_file_consultation(
    actor: Any,
    *,
    topic: str,
    subject: str,
    body: str,
    occurred_on: date | None = None,
    share_name_with_supervisor: bool = False,
) -> Consultation:
    """Any staff member files a consultation with the desk."""
    if not (actor.is_authenticated and actor.is_active):
        raise ActionError("相談するにはログインしてください。")
    consultation = Consultation.objects.create(
        filed_by=actor,
        team=actor.teams.order_by("pk").first(),
        topic=topic,
        subject=subject,
        body=body,
        occurred_on=occurred_on,
        share_name_with_supervisor=share_name_with_supervisor,
    )
    DeskEvent.objects.create(
        kind=DeskEvent.Kind.CONSULTATION_FILED,
        actor=actor,
        data={"consultation": consultation.pk},
    )
    return consultation


@transaction.atomic
def do_update_consultation(
    actor: Any,
    consultation: Consultation,
    *,
    status: str,
    case: Any = None,
    incident: Any = None,
    note: str = "",
) -> Consultation:
    """The desk sets the status, links a case / incident and adds a follow-up note.

    ``case`` ``None`` keeps the link as it is; an ``incident`` must be of the linked case.
    """
    if not is_desk(actor):
        raise ActionError("相談に対応できるのは相談窓口の担当者と管理者です。")
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    linked = case if case is not None else locked.case
    if incident is not None and (linked is None or incident.case_id != linked.pk):
        raise ActionError("カスハラ記録は、紐づけた案件のものを選んでください。")
    changed: list[str] = []
    if status != locked.status:
        locked.status = status
        changed.append("status")
    if case is not None and case.pk != locked.case_id:
        locked.case = case
        locked.incident = None
        changed.append("case")
    if incident is not None and incident.pk != locked.incident_id:
        locked.incident = incident
        changed.append("incident")
    if note:
        ConsultationNote.objects.create(consultation=locked, author=actor, text=note)
        changed.append("note")
    if not changed:
        raise ActionError("変更がありません。状況・紐づけ・対応メモのいずれかを入力してください。")
    locked.updated_at = timezone.now()
    locked.save()
    DeskEvent.objects.create(
        kind=DeskEvent.Kind.CONSULTATION_UPDATED,
        actor=actor,
        data={"consultation": locked.pk, "changed": changed},
    )
    return locked
