"""Sending a reply by mail from the case page, and seeing a colleague at work on it."""

from __future__ import annotations

from playwright.sync_api import expect

from kamitaiou.mail.models import OutboundMail
from kamitaiou.mail.outbound_send import send_due
from tests.browser_support import ARTIFACTS, log_in
from tests.mail.outbound_support import mail_case, mailbox, smtp

__all__ = ["mail_case", "mailbox", "smtp"]


def test_an_operator_sends_a_reply_by_mail_and_sees_it_sent(page, operator_a, mail_case, smtp):
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{mail_case.pk}/")
    page.get_by_label("区分").select_option("out")
    page.locator("#id_text").fill(
        "山田様\n\nご不便をおかけし、大変申し訳ございません。本日中に担当者が伺います。"
    )
    page.get_by_label("メールで送信").check()
    expect(page.get_by_text("yamada@example.com").first).to_be_visible()
    page.get_by_role("button", name="記録する", exact=True).click()

    expect(page.get_by_text("返信を記録しました。メールは送信待ちです。")).to_be_visible()
    note = page.locator(".outbound-note")
    expect(note).to_contain_text("送信待ち")
    expect(note).to_contain_text("yamada@example.com")

    assert [attempt.state for attempt in send_due()] == ["sent"]  # what the worker runs
    page.reload()
    expect(page.locator(".outbound-note")).to_contain_text("送信済み")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "mail_sent.png"), full_page=True)
    [message] = smtp.snapshot()
    assert message["Subject"] == f"Re: 複合機が動かない 【#{mail_case.pk}】"
    assert message["Message-ID"] == f"<{OutboundMail.objects.get().message_id}>"


def test_a_second_person_sees_who_is_writing_a_reply(
    page, browser, live_server, operator_a, rep_a, mail_case
):
    log_in(page, "op_a", "pw-op_a")
    with page.expect_response(lambda r: "/presence/" in r.url):  # the heartbeat on load
        page.goto(f"{page.base_url}/cases/{mail_case.pk}/")
    with page.expect_response(lambda r: "/presence/" in r.url):  # a second after typing
        page.locator("#id_text").fill("ただいま確認しております。")

    other = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    try:
        second = other.new_page()
        second.base_url = live_server.url
        log_in(second, "rep_a", "pw-rep_a")
        second.goto(f"{live_server.url}/cases/{mail_case.pk}/")
        expect(second.locator("#reply-presence")).to_contain_text(
            "op_aさんがこの案件の返信を作成中です"
        )
        # and the first person's page learns of the second at its next heartbeat
        with page.expect_response(lambda r: "/presence/" in r.url):
            page.locator("#id_text").fill("ただいま確認しております。少々お待ちください。")
        expect(page.locator("#reply-presence")).to_contain_text("rep_aさんがこの案件を開いています")
    finally:
        other.close()
