"""The protection demo (issue 16, item 8): one incident from the first abuse to a
restriction of service, told on the story's clock. Called by ``kamitaiou demo`` through
``cases.demo_data.demo_loaded``; loads once (a second run finds the customer and stops).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kamitaiou.accounts.models import Team, User
from kamitaiou.cases.actions import do_add_interaction, do_create_case
from kamitaiou.cases.demo_walk import story_clock
from kamitaiou.cases.models import Customer
from kamitaiou.protection import actions
from kamitaiou.protection.models import Incident

CUSTOMER = {
    "name": "岩田 剛",
    "name_kana": "イワタ ツヨシ",
    "company": "岩田商事",
    "phone": "03-5555-0199",
    "email": "iwata@example.jp",
}
TEAM = "東京コールセンター"
MESSAGES = (
    (0, "ふざけるな、お前は馬鹿か。何度同じことを言わせるんだ。責任者を出せ！"),
    (25, "土下座して謝れ！誠意を見せないならSNSに書き込んでやる。お前の名前も晒すからな。"),
    (70, "納得するまで帰らないからな。今日は何時間でも付き合ってもらう。"),
)


def on_demo_loaded(sender: Any, teams: list[Team], **kwargs: Any) -> None:
    """Receiver of ``demo_loaded``: load the story once, when its people exist."""
    team = next((t for t in teams if t.name == TEAM), None)
    operator = User.objects.filter(username="operator").first()
    supervisor = User.objects.filter(username="supervisor").first()
    if team is None or operator is None or supervisor is None:
        return
    if Customer.objects.filter(email=CUSTOMER["email"], team=team).exists():
        return
    load_story(team=team, operator=operator, supervisor=supervisor)


def load_story(*, team: Team, operator: User, supervisor: User) -> Incident:
    """The calls of 2 days ago, the record completed, the procedure, the restriction."""
    customer = Customer.objects.create(team=team, **CUSTOMER)
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2, hours=3)
    with story_clock(start):
        case = do_create_case(
            operator,
            kind="complaint",
            title="請求書の再発行が遅いとの苦情（電話）",
            team=team,
            priority=3,
            customer=customer,
            assignee=operator,
            first_message=MESSAGES[0][1],
            channel="phone",
            opened_at=start,
        )
    for minutes, text in MESSAGES[1:]:
        at = start + timedelta(minutes=minutes)
        with story_clock(at):
            do_add_interaction(
                operator, case, direction="in", channel="phone", text=text, occurred_at=at
            )
    incident = case.protection_incidents.get()
    at = start + timedelta(minutes=95)
    with story_clock(at):
        incident = actions.do_save_incident(
            operator,
            incident,
            data=actions.IncidentData(
                categories=[*incident.categories, "staff_privacy"],
                demand="partly",
                demand_note="請求書の再発行の遅れ（5営業日）は当社の不備。再発行と謝罪は妥当な要求。",
                manner="unacceptable",
                manner_note="人格否定の暴言、土下座の要求、SNSでの晒しの示唆、担当者の氏名の暴露の示唆。",
                threat_to_life=False,
                targeted=operator,
                alone=True,
                others_present="",
                occurred_at=start,
                duration_minutes=95,
                channel="phone",
                summary=(
                    "再発行の遅れについての電話。謝罪と再発行の日程を伝えたが、暴言が続き、"
                    "土下座とSNSへの投稿を示唆。警告後も続いたため通話を終了し、上長に引き継いだ。"
                ),
                police="none",
                lawyer="consulted",
                referral_note="顧問弁護士に記録を共有し、書面での対応方針を相談。",
            ),
            confirm=True,
        )
    steps = (
        (
            operator,
            "warn",
            40,
            "これ以上そのようなお言葉が続く場合は、お電話を終了させていただきます。",
        ),
        (operator, "end_contact", 80, "改めて責任者よりご連絡いたします。"),
        (operator, "hand_to_supervisor", 85, ""),
    )
    for actor, step, minutes, wording in steps:
        at = start + timedelta(minutes=minutes)
        with story_clock(start + timedelta(minutes=100)):
            actions.do_record_step(actor, incident, step=step, at=at, wording=wording)
    with story_clock(start + timedelta(hours=20)):
        actions.do_decide_restriction(
            supervisor,
            incident,
            kinds=["written_only", "two_staff"],
            reason="暴言・土下座の要求・SNSでの晒しの示唆が続き、警告後も改善しなかったため。"
            "以後は書面でのみ回答し、必要な面談は二名で行う。",
            review_on=timezone.localdate() + timedelta(days=90),
        )
    return incident
