"""Reminders nobody can lose track of: a poisoned case does not stop the sweep, and a
reminder that cannot be delivered is shown, with the reason, to whoever must act."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from kamitaiou.followups.models import FollowUp, ReminderDelivery, SlaPause
from kamitaiou.followups.reminders import send_pending
from kamitaiou.followups.tasks import run_sweep
from tests.conftest import make_case
from tests.followups.test_mail import due_followup

TOKYO = ZoneInfo("Asia/Tokyo")


def test_one_poisoned_case_does_not_stop_the_reminders_of_the_others(mail_to, operator_a):
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    good = [due_followup(operator_a) for _ in range(3)]
    # A row written before the forms had bounds: a time-out until the year 9999.
    poisoned = make_case(operator_a, assignee=operator_a, title="毒入り案件")
    SlaPause.objects.create(
        case=poisoned,
        start=timezone.now() - timedelta(days=1),
        end=datetime(9999, 12, 31, 23, 59, tzinfo=TOKYO),
        reason=SlaPause.Reason.TIME_OUT,
    )
    result = run_sweep()
    assert result["sent"] == 3
    assert sorted(m["X-Kamitaiou-Followup"] for m in mail_to.snapshot()) == sorted(
        str(f.pk) for f in good
    )


def test_a_failing_sla_pass_still_lets_the_reminders_go_out(mail_to, operator_a, monkeypatch):
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    due_followup(operator_a)

    def broken(**_kwargs: object) -> int:
        raise RuntimeError("the SLA pass broke")

    monkeypatch.setattr("kamitaiou.followups.tasks.escalate_breaches", broken)
    assert run_sweep()["sent"] == 1


def test_the_case_page_of_a_poisoned_case_still_opens(client, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    SlaPause.objects.create(
        case=case,
        start=timezone.now() - timedelta(days=1),
        end=datetime(9999, 12, 31, 23, 59, tzinfo=TOKYO),
        reason=SlaPause.Reason.TIME_OUT,
    )
    client.force_login(operator_a)
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200


def test_a_refused_recipient_is_undeliverable_with_the_reason(settings, operator_a, monkeypatch):
    operator_a.email = "nobody@example.jp"
    operator_a.save()
    due_followup(operator_a)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def refuse(self: object, messages: object) -> int:
        raise smtplib.SMTPRecipientsRefused({"nobody@example.jp": (550, b"No such user")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    result = run_sweep()
    assert (result["sent"], result["undeliverable"]) == (0, 1)
    delivery = ReminderDelivery.objects.get()
    assert delivery.state == "failed"
    assert "550" in delivery.last_error


def test_a_temporary_failure_is_retried_then_given_up_after_a_day(
    settings, operator_a, monkeypatch
):
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    due_followup(operator_a)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def busy(self: object, messages: object) -> int:
        raise smtplib.SMTPDataError(451, b"try again later")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", busy)
    run_sweep()
    assert ReminderDelivery.objects.get().state == "pending"
    ReminderDelivery.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert send_pending().undeliverable == 1
    assert ReminderDelivery.objects.get().state == "failed"


def test_undelivered_reminders_show_to_the_supervisor_and_admins_not_other_teams(
    client, mail_to, operator_a, supervisor_a, admin_user, operator_b
):
    row = due_followup(operator_a)  # operator_a has no e-mail address
    run_sweep()
    for who in (supervisor_a, admin_user, operator_a):
        client.force_login(who)
        today = client.get(reverse("today")).content.decode()
        assert "undelivered" in today, who
        page = client.get(reverse("undelivered_reminders")).content.decode()
        assert row.title in page, who
        assert "宛先のメールアドレスが登録されていません" in page
    client.force_login(operator_b)
    assert row.title not in client.get(reverse("undelivered_reminders")).content.decode()
    assert FollowUp.objects.get(pk=row.pk).reminder_sent_at is None
