"""Demo data of the desk: a desk person, the policy and one consultation. Called through
``cases.demo_data.demo_loaded`` (``desk_hooks``), inside the demo command's transaction,
after the demo people exist and after the protection story (``protection.demo``, connected
first), whose recorded incident plans the operator's check-ins (``desk_hooks``); idempotent
(the signal is also sent when the demo was loaded before)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.utils import timezone

from kamitaiou.accounts.models import Role, User
from kamitaiou.cases.demo_data import DEMO_PASSWORD
from kamitaiou.protection.desk_actions import do_file_consultation
from kamitaiou.protection.desk_models import Consultation, PolicyVersion
from kamitaiou.protection.policy import do_publish_policy

DESK_USERNAME = "desk"
DESK_NAME = "木村 真理（人事部 相談窓口）"
DEMO_SUBJECT = "電話で1時間以上怒鳴られ続けた件"

POLICY_TEXT = """当社は、お客様からのご意見・ご要望に真摯に対応します。
一方で、暴言・威嚇・脅迫、土下座の要求、長時間の拘束、SNS等での晒し、従業員の個人情報の要求など、
社会通念上相当な範囲を超える言動（カスタマーハラスメント）からは、従業員を組織として守ります。
カスタマーハラスメントと判断した場合は、警告のうえ対応を打ち切り、必要に応じて対応を制限し、
悪質な場合は警察・弁護士と連携します。
従業員は、判断に迷う場合も含めて相談窓口に相談でき、相談したことを理由に不利益な扱いを受けることはありません。"""

HANDBOOK_TEXT = """1. ご要望の内容（正当か）と、言動（手段・態様が相当か）を分けて考える。
2. 暴言・威嚇が続く場合は「このままのお話し合いは続けられません」と一度警告する。
3. 改まらない場合は対応を終了し、上長（SV）に引き継ぐ。暴力・生命への脅しはただちに上長へ。
4. 記録を残す（日時・発言・対応した人・同席者）。
5. 対応のあと、上長とケア面談を行う（辞退できます）。つらいときは相談窓口へ。"""


def _desk_user() -> User:
    user, created = User.objects.get_or_create(
        username=DESK_USERNAME,
        defaults={
            "display_name": DESK_NAME,
            "role": Role.OPERATOR,
            "email": f"{DESK_USERNAME}@example.jp",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.user_permissions.add(
        Permission.objects.get(
            codename="handle_consultations", content_type__app_label="protection"
        )
    )
    return user


def load_desk_demo(teams: list[Any]) -> None:
    """On ``demo_loaded`` (people exist): the desk person, the policy, one consultation."""
    _desk_user()
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if admin is not None and not PolicyVersion.objects.exists():
        do_publish_policy(
            admin,
            title="カスタマーハラスメントに対する基本方針",
            policy_text=POLICY_TEXT,
            handbook_text=HANDBOOK_TEXT,
            change_note="初版",
        )
    operator = User.objects.filter(username="operator").first()
    if operator is None or Consultation.objects.filter(subject=DEMO_SUBJECT).exists():
        return
    do_file_consultation(
        operator,
        topic=Consultation.Topic.HARASSMENT,
        subject=DEMO_SUBJECT,
        body=(
            "請求書の件でお電話をいただいたお客様に、1時間以上「馬鹿か」と怒鳴られ、"
            "土下座しろ、名前をSNSで晒すと言われました。怖くて眠れませんでした。"
            "上長には知られたくありません。"
        ),
        occurred_on=timezone.localdate() - timedelta(days=2),
        share_name_with_supervisor=False,
    )
