"""The company policy on customer harassment (基本方針) and the response handbook.

An admin publishes a version; every active staff member acknowledges each version once
(a banner asks until they do; a new version asks again); the admin sees who has not.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet

from kamitaiou.accounts.models import User
from kamitaiou.cases.actions import ActionError
from kamitaiou.protection.desk_access import is_admin
from kamitaiou.protection.desk_models import DeskEvent, PolicyAcknowledgement, PolicyVersion


def current_policy() -> PolicyVersion | None:
    """The newest published version, or ``None`` before the first."""
    return PolicyVersion.objects.order_by("-number").first()


def needs_acknowledgement(user: Any, version: PolicyVersion | None) -> bool:
    """True when ``user`` has not yet acknowledged ``version``."""
    if version is None or not (user.is_authenticated and user.is_active):
        return False
    return not PolicyAcknowledgement.objects.filter(version=version, user=user).exists()


def staff_members() -> QuerySet[User]:
    """Everyone who must acknowledge: the active accounts."""
    return User.objects.filter(is_active=True)


def not_acknowledged(version: PolicyVersion) -> QuerySet[User]:
    """The active staff members who have not acknowledged ``version``."""
    done = PolicyAcknowledgement.objects.filter(version=version).values("user_id")
    return staff_members().exclude(pk__in=done).order_by("username")


@transaction.atomic
def do_publish_policy(
    actor: Any, *, title: str, policy_text: str, handbook_text: str, change_note: str = ""
) -> PolicyVersion:
    """An admin publishes a new version (the next number): everyone is asked again."""
    if not is_admin(actor):
        raise ActionError("基本方針を公開できるのは管理者です。")
    # Lock the newest row (or nothing) so two publishers do not take the same number;
    # the unique number refuses the loser anyway.
    list(PolicyVersion.objects.select_for_update().order_by("-number")[:1])
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(
        number=number,
        title=title,
        policy_text=policy_text,
        handbook_text=handbook_text,
        change_note=change_note,
        published_by=actor,
    )
    DeskEvent.objects.create(
        kind=DeskEvent.Kind.POLICY_PUBLISHED, actor=actor, data={"version": version.pk}
    )
    return version


def do_acknowledge_policy(actor: Any, version: PolicyVersion) -> PolicyAcknowledgement:
    """``actor`` acknowledges ``version`` (a second time changes nothing)."""
    if version != current_policy():
        raise ActionError("新しい版が公開されています。最新の基本方針を確認してください。")
    try:
        with transaction.atomic():
            ack = PolicyAcknowledgement.objects.create(version=version, user=actor)
            DeskEvent.objects.create(
                kind=DeskEvent.Kind.POLICY_ACKNOWLEDGED,
                actor=actor,
                data={"version": version.pk},
            )
            return ack
    except IntegrityError:
        return PolicyAcknowledgement.objects.get(version=version, user=actor)
