"""Replies sent by mail from the case page: offered, queued with the reply, sent by the
worker to a real SMTP server, retried, given up with the reason on the record."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kamitaiou.cases.models import Case, Interaction, ReplyCoaching
from kamitaiou.mail.models import InboundMail, OutboundMail
from kamitaiou.mail.outbound_send import deliver, retry_delay, send_due, send_reply_mail
from tests.conftest import make_case, make_customer
from tests.mail.outbound_support import mail_case, mailbox, reply_form, smtp

__all__ = ["mail_case", "mailbox", "smtp"]

REPLY = "山田様\n\nご不便をおかけし、大変申し訳ございません。本日中に担当者が伺います。"


def case_url(case):
    return f"/cases/{case.pk}/"


def send(client, case, text=REPLY, **extra):
    return client.post(
        f"/cases/{case.pk}/interactions/", reply_form(case, text, send="mail", **extra)
    )


def later(minutes=60 * 24):
    return timezone.now() + timedelta(minutes=minutes)


def test_the_reply_box_offers_send_by_mail_when_the_case_has_a_mailbox_and_an_address(
    client, operator_a, mail_case
):
    client.force_login(operator_a)
    page = client.get(case_url(mail_case)).content.decode()
    assert "メールで送信" in page
    assert "support@example.jp" in page
    assert "yamada@example.com" in page


def test_no_send_choice_without_a_customer_address(client, operator_a, mailbox, team_a):
    case = make_case(operator_a, customer=make_customer(team_a, email=""), assignee=operator_a)
    client.force_login(operator_a)
    assert 'name="send"' not in client.get(case_url(case)).content.decode()


def test_no_send_choice_when_the_team_has_no_mailbox(client, operator_b):
    case = make_case(operator_b, customer=make_customer(operator_b.teams.first(), email="a@b.jp"))
    client.force_login(operator_b)
    assert 'name="send"' not in client.get(case_url(case)).content.decode()


def test_sending_records_the_reply_and_queues_the_mail_with_its_task(client, operator_a, mail_case):
    client.force_login(operator_a)
    response = send(client, mail_case)
    assert response.status_code == 302
    reply = Interaction.objects.get(case=mail_case, direction="out")
    assert reply.channel == "mail"
    outbound = OutboundMail.objects.get(interaction=reply)
    assert outbound.state == "queued"
    assert outbound.to_address == "yamada@example.com"
    assert outbound.message_id == f"reply-{reply.pk}.case-{mail_case.pk}@example.jp"
    task = DBTaskResult.objects.get(task_path__endswith="send_reply_mail")
    assert task.args_kwargs["args"] == [outbound.pk]
    message = message_from_bytes(bytes(outbound.raw), policy=policy.default)
    assert message["Subject"] == f"Re: 複合機が動かない 【#{mail_case.pk}】"
    assert "本日中に担当者が伺います。" in message.get_content()
    assert "TEL 03-0000-0000" in message.get_content()
    page = client.get(case_url(mail_case)).content.decode()
    assert "送信待ち" in page


def test_a_reply_to_a_mail_answers_its_message_id_from_its_mailbox(
    client, operator_a, mail_case, mailbox
):
    InboundMail.objects.create(
        mailbox=mailbox,
        message_id="first@example.com",
        raw=b"",
        raw_sha256="0" * 64,
        status="new",
        subject="Re: 請求書の件",
        from_address="taro@example.org",
        case=mail_case,
        received_at=timezone.now() - timedelta(hours=2),
    )
    client.force_login(operator_a)
    assert send(client, mail_case).status_code == 302
    outbound = OutboundMail.objects.get(case=mail_case)
    message = message_from_bytes(bytes(outbound.raw), policy=policy.default)
    assert message["In-Reply-To"] == "<first@example.com>"
    assert message["References"] == "<first@example.com>"
    assert message["Subject"] == f"Re: 請求書の件 【#{mail_case.pk}】"
    assert outbound.to_address == "taro@example.org"  # where the customer wrote from


def test_the_worker_sends_the_reply_to_a_real_smtp_server(client, operator_a, mail_case, smtp):
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    assert send_reply_mail.call(outbound.pk) == "sent"
    [message] = smtp.snapshot()
    assert message["Message-ID"] == f"<{outbound.message_id}>"
    assert message["From"].addresses[0].addr_spec == "support@example.jp"
    assert smtp.envelopes == [("support@example.jp", ["yamada@example.com"])]
    assert "本日中に担当者が伺います。" in message.get_content()
    outbound.refresh_from_db()
    assert (outbound.state, outbound.attempts, outbound.last_error) == ("sent", 1, "")
    assert outbound.sent_at is not None
    assert "送信済み" in client.get(case_url(mail_case)).content.decode()
    # a second run of the same task does not send it again
    assert deliver(outbound.pk, now=later()).state == "sent"
    assert len(smtp.snapshot()) == 1


def test_an_iso_2022_jp_mailbox_sends_iso_2022_jp(client, operator_a, mail_case, mailbox, smtp):
    mailbox.reply_charset = "iso-2022-jp"
    mailbox.save()
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    deliver(outbound.pk)
    assert b"\x1b$B" in smtp.raw[0]
    [message] = smtp.snapshot()
    assert message.get_content_charset() == "iso-2022-jp"
    assert "本日中に担当者が伺います。" in message.get_content()


def test_a_temporary_failure_is_retried_later_with_the_same_message_id(
    client, operator_a, mail_case, smtp
):
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    smtp.refuse("451 4.3.0 Try again later")
    first = deliver(outbound.pk)
    assert first.state == "queued"
    outbound.refresh_from_db()
    assert outbound.attempts == 1
    assert "451" in outbound.last_error
    assert outbound.next_attempt_at > timezone.now() + retry_delay(1) - timedelta(seconds=5)
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_reply_mail")
    assert tasks.count() == 2
    assert tasks.filter(run_after=outbound.next_attempt_at).count() == 1  # the retry
    assert "451" in client.get(case_url(mail_case)).content.decode()
    # not yet due: nothing happens
    assert deliver(outbound.pk).state == "queued"
    assert smtp.snapshot() == []
    assert deliver(outbound.pk, now=later()).state == "sent"
    [message] = smtp.snapshot()
    assert message["Message-ID"] == f"<{outbound.message_id}>"
    outbound.refresh_from_db()
    assert (outbound.state, outbound.attempts, outbound.last_error) == ("sent", 2, "")


def test_the_backoff_doubles(settings):
    settings.KAMITAIOU_MAIL_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_past_the_maximum_attempts_the_mail_fails_with_the_reason_on_the_record(
    client, operator_a, mail_case, settings
):
    from tests.mail.outbound_support import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.KAMITAIOU_MAIL_MAX_ATTEMPTS = 3
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    states = [deliver(outbound.pk, now=later(60 * 24 * n)).state for n in range(1, 5)]
    assert states == ["queued", "queued", "failed", "failed"]
    outbound.refresh_from_db()
    assert outbound.attempts == 3
    assert outbound.last_error.startswith("SMTP サーバーに接続できません")
    page = client.get(case_url(mail_case)).content.decode()
    assert "送信失敗" in page
    assert "SMTP サーバーに接続できません" in page


def test_a_recipient_refused_for_good_fails_at_once(client, operator_a, mail_case, smtp):
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    smtp.refuse("550 5.1.1 No such user")
    assert deliver(outbound.pk).state == "failed"
    outbound.refresh_from_db()
    assert outbound.attempts == 1
    assert "550" in outbound.last_error


def test_a_claim_left_by_a_killed_worker_is_sent_again_once_it_runs_out(
    client, operator_a, mail_case, smtp
):
    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    # a worker claimed it and died before recording the outcome
    OutboundMail.objects.filter(pk=outbound.pk).update(
        state="sending", attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=2)
    )
    assert deliver(outbound.pk).state == "sending"  # still claimed: left alone
    assert smtp.snapshot() == []
    assert [a.state for a in send_due(now=later(5))] == ["sent"]
    [message] = smtp.snapshot()
    assert message["Message-ID"] == f"<{outbound.message_id}>"


def test_another_teams_operator_cannot_send_on_the_case(client, operator_b, mail_case):
    client.force_login(operator_b)
    assert send(client, mail_case).status_code == 404
    assert not OutboundMail.objects.exists()


def test_while_a_supervisor_holds_the_case_an_operator_cannot_send(
    client, operator_a, supervisor_a, mail_case
):
    from kamitaiou.cases.models import Escalation

    Case.objects.filter(pk=mail_case.pk).update(assignee=supervisor_a)
    Escalation.objects.create(
        case=mail_case, raised_by=operator_a, reason="legal_threat", accepted_at=timezone.now()
    )
    client.force_login(operator_a)
    page = client.get(case_url(mail_case)).content.decode()
    assert 'name="send"' not in page
    assert "上長" in page
    response = send(client, mail_case)
    assert response.status_code == 400
    assert not Interaction.objects.filter(case=mail_case, direction="out").exists()
    client.force_login(supervisor_a)
    assert send(client, mail_case).status_code == 302
    assert OutboundMail.objects.filter(case=mail_case).count() == 1


def test_an_unknown_send_channel_is_a_form_error(client, operator_a, mail_case):
    client.force_login(operator_a)
    response = client.post(
        f"/cases/{mail_case.pk}/interactions/", reply_form(mail_case, REPLY, send="fax")
    )
    assert response.status_code == 400
    assert not Interaction.objects.filter(case=mail_case, direction="out").exists()


def test_only_a_reply_to_the_customer_can_be_sent(client, operator_a, mail_case):
    client.force_login(operator_a)
    data = reply_form(mail_case, "社内メモです。", send="mail")
    data["direction"] = "internal"
    response = client.post(f"/cases/{mail_case.pk}/interactions/", data)
    assert response.status_code == 400
    assert not OutboundMail.objects.exists()


def test_sending_on_a_case_without_mailbox_is_a_form_error(client, operator_b):
    case = make_case(operator_b, customer=make_customer(operator_b.teams.first(), email="a@b.jp"))
    client.force_login(operator_b)
    assert send(client, case).status_code == 400
    assert not Interaction.objects.filter(case=case, direction="out").exists()


def test_an_error_level_finding_needs_the_recorded_confirmation_before_queueing(
    client, operator_a, mail_case
):
    client.force_login(operator_a)
    text = "ご不満でしたら、どうぞ訴えてください。"
    response = send(client, mail_case, text=text)
    assert response.status_code == 400
    assert not OutboundMail.objects.exists()
    assert not Interaction.objects.filter(case=mail_case, direction="out").exists()
    response = send(client, mail_case, text=text, coach_confirmed="on")
    assert response.status_code == 302
    outbound = OutboundMail.objects.get(case=mail_case)
    kept = ReplyCoaching.objects.get(interaction=outbound.interaction)
    assert kept.confirmed_codes == ["litigation_encouraged"]
    assert kept.confirmed_by == operator_a


def test_the_action_itself_refuses_an_unconfirmed_error_level_send(operator_a, mail_case):
    from kamitaiou.cases.actions import ActionError, do_add_interaction

    with pytest.raises(ActionError):
        do_add_interaction(
            operator_a,
            mail_case,
            direction="out",
            channel="mail",
            text="ご不満でしたら、どうぞ訴えてください。",
            occurred_at=timezone.now(),
            send="mail",
        )
    assert not OutboundMail.objects.exists()


def test_our_message_ids_thread_the_customers_answer_to_the_case(client, operator_a, mail_case):
    from kamitaiou.mail.outbound import case_for_our_message_ids

    client.force_login(operator_a)
    send(client, mail_case)
    outbound = OutboundMail.objects.get(case=mail_case)
    assert case_for_our_message_ids([outbound.message_id], mail_case.team) == mail_case
    assert case_for_our_message_ids(["other@example.com"], mail_case.team) is None


def test_the_case_page_spends_no_query_per_reply_sent_by_mail(
    client, operator_a, mail_case, django_assert_max_num_queries
):
    client.force_login(operator_a)
    send(client, mail_case)
    with django_assert_max_num_queries(40) as few:
        client.get(case_url(mail_case))
    first = len(few.captured_queries)
    for n in range(5):
        send(client, mail_case, text=f"ご連絡{n}")
    with django_assert_max_num_queries(first):
        page = client.get(case_url(mail_case)).content.decode()
    assert page.count('class="outbound-note') == 6
