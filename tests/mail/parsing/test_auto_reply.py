"""auto_reply_reason: auto-replies, bounces, list mail and loops are recognised; mail a
person wrote is not."""

from __future__ import annotations

import email
import email.message

import pytest

from kamitaiou.mail.parsing import auto_reply_reason


def _msg(headers: str, *, subject: str = "納期の件") -> email.message.Message:
    raw = f"From: 山田 <yamada@example.com>\nSubject: {subject}\n{headers}\n本文\n"
    return email.message_from_bytes(raw.encode())


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ("Auto-Submitted: auto-replied\n", "Auto-Submitted: auto-replied"),
        ("Auto-Submitted: auto-generated\n", "Auto-Submitted"),
        ("Precedence: bulk\n", "Precedence: bulk"),
        ("Precedence: junk\n", "Precedence: junk"),
        ("Precedence: list\n", "Precedence: list"),
        ("X-Autoreply: yes\n", "X-Autoreply"),
        ("X-Autorespond: on\n", "X-Autorespond"),
        ("List-Id: <users.example.org>\n", "List-Id"),
        ("List-Unsubscribe: <mailto:u@example.org>\n", "List-Unsubscribe"),
        ("Return-Path: <>\n", "Return-Path: <>"),
        ("X-Failed-Recipients: a@example.com\n", "X-Failed-Recipients"),
        (
            'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n',
            "multipart/report",
        ),
        (
            'Content-Type: multipart/report; report-type=disposition-notification; boundary="b"\n',
            "開封確認",
        ),
    ],
)
def test_headers_that_mark_machine_mail_give_a_reason(headers, says):
    reason = auto_reply_reason(_msg(headers))
    assert reason is not None
    assert says in reason


@pytest.mark.parametrize(
    "subject",
    [
        "【不在通知】Re: 納期の件",
        "自動応答: 納期の件",
        "Out of Office: 納期",
        "Automatic reply: 納期",
        "[自動返信] お問い合わせ受付",
    ],
)
def test_auto_responder_subjects_give_a_reason(subject):
    reason = auto_reply_reason(_msg("", subject=subject))
    assert reason is not None
    assert "自動応答の件名" in reason


@pytest.mark.parametrize(
    "subject",
    ["不在着信について", "自動返信が届きません", "Re: 納期の件", "out of office hours support"],
)
def test_a_person_writing_about_such_things_is_not_an_auto_reply(subject):
    assert auto_reply_reason(_msg("", subject=subject)) is None


def test_auto_submitted_no_is_a_person():
    assert auto_reply_reason(_msg("Auto-Submitted: no\nPrecedence: first-class\n")) is None


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@mx.example.com", "postmaster@example.net"])
def test_daemon_senders_are_bounces(sender):
    msg = email.message_from_bytes(f"From: {sender}\nSubject: failure\n\nx\n".encode())
    reason = auto_reply_reason(msg)
    assert reason is not None
    assert "配信エラー" in reason


def test_mail_from_one_of_our_own_addresses_is_a_loop_whatever_the_case():
    msg = email.message_from_bytes(b"From: Support <SUPPORT@example.jp>\nSubject: Re: x\n\nx\n")
    assert auto_reply_reason(msg) is None
    reason = auto_reply_reason(msg, own_addresses=["support@Example.jp"])
    assert reason is not None
    assert "ループ" in reason
