"""The worker anchors the record's ledger daily, by itself (decision 0022)."""

from __future__ import annotations

import json

from django.core import mail

from kamitaiou.cases.anchor import check_anchors
from kamitaiou.followups.anchoring import anchor_record, ensure_anchor
from kamitaiou.followups.tasks import housekeeping
from tests.conftest import make_case


def test_the_worker_housekeeping_schedules_one_anchor_and_never_two(db):
    from django_tasks_db.models import DBTaskResult

    housekeeping(delay_seconds=60)
    housekeeping(delay_seconds=60)
    assert DBTaskResult.objects.filter(task_path=anchor_record.module_path).count() == 1
    assert ensure_anchor() is False


def test_the_anchor_task_appends_a_signed_head_mails_the_admins_and_schedules_the_next(
    operator_a, admin_user, settings, tmp_path
):
    from django_tasks_db.models import DBTaskResult

    settings.KAMITAIOU_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    settings.KAMITAIOU_ANCHOR_MAIL_ADMINS = True
    admin_user.email = "admin@example.jp"
    admin_user.save()
    make_case(operator_a, first_message="壊れています。")
    result = anchor_record.call()
    line = json.loads((tmp_path / "anchors.jsonl").read_text())
    assert line["seq"] == result["seq"] > 0
    assert check_anchors(tmp_path / "anchors.jsonl") == (1, [])
    assert mail.outbox[0].to == ["admin@example.jp"] and line["head"] in mail.outbox[0].body
    waiting = DBTaskResult.objects.get(task_path=anchor_record.module_path)
    assert (waiting.run_after - waiting.enqueued_at).total_seconds() > 23 * 3600
