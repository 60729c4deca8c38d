"""The whole conversation by mail: a customer writes, we answer from the case page, the
customer answers our reply — one case, one thread, the headers a mail client needs."""

from __future__ import annotations

from kamitaiou.cases.models import Interaction
from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import OutboundMail
from kamitaiou.mail.outbound_send import deliver
from tests.mail.intake.conftest import make_mail, message_id_of
from tests.mail.outbound_support import mailbox, reply_form, smtp

__all__ = ["mailbox", "smtp"]


def test_a_customer_mail_is_answered_in_its_thread_and_the_answer_comes_back_to_the_case(
    client, operator_a, mailbox, smtp
):
    first = make_mail(to="support@example.jp", subject="納品物の不具合について")
    case = intake_message(mailbox, first).case
    assert case is not None
    customer_message = Interaction.objects.get(case=case, direction="in")
    client.force_login(operator_a)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "メールで送信" in page
    response = client.post(
        f"/cases/{case.pk}/interactions/",
        reply_form(
            case,
            "山田様\n\n大変申し訳ございません。交換品を本日発送いたします。",
            send="mail",
            seen_inbound=customer_message.pk,
        ),
    )
    assert response.status_code == 302
    outbound = OutboundMail.objects.get(case=case)
    assert deliver(outbound.pk).state == "sent"
    [sent] = smtp.snapshot()
    assert sent["Subject"] == f"Re: 納品物の不具合について 【#{case.pk}】"
    assert sent["In-Reply-To"] == f"<{message_id_of(first)}>"
    assert sent["To"].addresses[0].addr_spec == "yamada@example.com"

    # the customer answers with a subject of their own and no tag: our Message-ID threads it
    answer = make_mail(
        to="support@example.jp",
        subject="ありがとうございます",
        body="受け取りました。",
        in_reply_to=str(sent["Message-ID"]),
        references=f"<{message_id_of(first)}> {sent['Message-ID']}",
    )
    result = intake_message(mailbox, answer)
    assert (result.status, result.case) == ("threaded", case)


def test_a_mail_that_arrived_while_the_reply_was_written_stops_the_send(
    client, operator_a, mailbox
):
    case = intake_message(mailbox, make_mail(to="support@example.jp")).case
    seen = Interaction.objects.get(case=case, direction="in").pk
    intake_message(
        mailbox,
        make_mail(
            to="support@example.jp", subject=f"Re: 追加 【#{case.pk}】", body="写真を送ります。"
        ),
    )
    client.force_login(operator_a)
    response = client.post(
        f"/cases/{case.pk}/interactions/",
        reply_form(case, "確認いたします。", send="mail", seen_inbound=seen),
    )
    assert response.status_code == 400
    assert "写真を送ります。" in response.content.decode()
    assert not OutboundMail.objects.exists()
