"""Reminder mails through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kamitaiou.followups.models import FollowUp, ReminderDelivery
from kamitaiou.followups.reminders import queue_due_reminders, send_pending
from kamitaiou.followups.tasks import ensure_sweep, run_sweep
from tests.conftest import make_case
from tests.followups.conftest import free_port, walk_complaint_to_executing


def due_followup(user, *, minutes_ago=5):
    case = make_case(user, assignee=user)
    walk_complaint_to_executing(user, case)
    row = case.followups.get()
    FollowUp.objects.filter(pk=row.pk).update(
        due_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return FollowUp.objects.get(pk=row.pk)


def test_a_due_followup_is_mailed_to_its_owner_once(mail_to, operator_a):
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    row = due_followup(operator_a)
    result = run_sweep()
    assert result["sent"] == 1
    assert run_sweep()["sent"] == 0
    [message] = mail_to.snapshot()
    assert message["To"] == "op_a@example.jp"
    assert "改善したかの確認" in message["Subject"]
    body = message.get_content()
    assert "改善したかの確認" in body
    assert f"/cases/{row.case_id}/" in body
    delivery = ReminderDelivery.objects.get(followup=row)
    assert delivery.state == "sent"
    assert message["Message-ID"] == delivery.message_id
    row.refresh_from_db()
    assert row.reminder_sent_at is not None


def test_future_and_done_followups_are_not_mailed(mail_to, operator_a):
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    row = due_followup(operator_a, minutes_ago=-60)
    assert run_sweep()["queued"] == 0
    FollowUp.objects.filter(pk=row.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    queue_due_reminders(now=timezone.now())
    FollowUp.objects.filter(pk=row.pk).update(status="done", done_at=timezone.now())
    report = send_pending()
    assert (report.sent, report.skipped) == (0, 1)
    assert mail_to.snapshot() == []


def test_an_owner_without_address_is_undeliverable_not_retried(mail_to, operator_a):
    due_followup(operator_a)
    assert run_sweep()["undeliverable"] == 1
    assert run_sweep()["undeliverable"] == 0
    delivery = ReminderDelivery.objects.get()
    assert delivery.state == "failed"
    assert delivery.last_error.startswith("宛先のメールアドレスが登録されていません")


def test_smtp_down_keeps_the_reminder_pending_until_it_is_back(settings, smtp_server, operator_a):
    inbox, port = smtp_server
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    due_followup(operator_a)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    result = run_sweep()
    assert (result["sent"], result["failed"]) == (0, 1)
    delivery = ReminderDelivery.objects.get()
    assert delivery.state == "pending"
    assert delivery.attempts == 1
    assert delivery.last_error
    settings.EMAIL_PORT = port
    assert run_sweep()["sent"] == 1
    assert len(inbox.snapshot()) == 1


def test_one_sweep_waits_in_the_queue_at_a_time(db, settings):
    from django_tasks_db.models import DBTaskResult

    assert ensure_sweep(delay_seconds=60) is True
    assert ensure_sweep(delay_seconds=60) is False
    waiting = DBTaskResult.objects.filter(task_path__endswith="sweep_followups")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()


def test_the_sweep_task_schedules_its_successor(mail_to, operator_a):
    from django_tasks_db.models import DBTaskResult

    from kamitaiou.followups.tasks import sweep_followups

    result = sweep_followups.call()
    assert result["sent"] == 0
    assert DBTaskResult.objects.filter(task_path__endswith="sweep_followups").count() == 1
