"""parse_message as a whole: what it returns, when it refuses, and that hostile bytes
give a ParsedMail or a MailParseError, never another exception."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from pathlib import Path

import pytest

from kamitaiou.mail.parsing import MailParseError, ParsedMail, parse_message

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

SIMPLE = (
    b"Delivered-To: support@example.jp\r\nX-Original-To: Sales@Example.jp\r\n"
    b"From: =?UTF-8?B?5bGx55Sw?= <Yamada@Example.com>\r\nTo: Support@Example.jp, b@x.jp\r\n"
    b"Cc: boss@example.com\r\nSubject: =?UTF-8?B?6L+U5ZOB?= [#31]\r\n"
    b"Message-ID: < id-1@example.com >\r\nIn-Reply-To: <ours-9@kamitaiou.example.jp>\r\n"
    b"References: <a@x>\r\n <ours-9@kamitaiou.example.jp>\r\n"
    b"Date: Tue, 1 Dec 2026 10:00:00 +0900\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
) + "返品したいです。\r\n\r\n> 以前の回答\r\n".encode()


def test_a_simple_mail_fills_every_field():
    mail = parse_message(SIMPLE)
    assert mail.message_id == "id-1@example.com"
    assert mail.in_reply_to == "ours-9@kamitaiou.example.jp"
    assert mail.references == ("a@x", "ours-9@kamitaiou.example.jp")
    assert mail.subject == "返品 [#31]"
    assert (mail.from_name, mail.from_address) == ("山田", "yamada@example.com")
    assert mail.to == ("support@example.jp", "b@x.jp")
    assert mail.cc == ("boss@example.com",)
    assert mail.delivered_to == ("support@example.jp", "sales@example.jp")
    assert mail.date is not None
    assert mail.date.isoformat() == "2026-12-01T10:00:00+09:00"
    assert mail.body_text == "返品したいです。\n\n> 以前の回答"
    assert (mail.new_text, mail.quoted_text) == ("返品したいです。", "> 以前の回答")
    assert mail.attachments == ()
    assert mail.auto_reply is None
    assert mail.notes == ()
    assert mail.case_tag == 31
    assert mail.bounced_message_id is None


def test_the_parsed_mail_is_frozen():
    mail = parse_message(SIMPLE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mail.subject = "changed"  # type: ignore[misc]


def test_own_addresses_make_a_mail_from_ourselves_an_auto_reply():
    looped = SIMPLE.replace(b"<Yamada@Example.com>", b"<support@example.jp>")
    assert parse_message(looped).auto_reply is None
    reason = parse_message(looped, own_addresses={"support@example.jp"}).auto_reply
    assert reason is not None
    assert "ループ" in reason


def test_a_missing_message_id_is_made_from_the_bytes_the_same_way_every_time():
    raw = SIMPLE.replace(b"Message-ID: < id-1@example.com >\r\n", b"")
    first, second = parse_message(raw), parse_message(raw)
    assert first.message_id == "missing-" + hashlib.sha256(raw).hexdigest()[:32]
    assert first.message_id == second.message_id
    assert "no Message-ID: one made from the bytes" in first.notes


def test_attachment_bytes_are_kept_exactly():
    mail = parse_message((CORPUS / "attach_rfc2231_continuation.eml").read_bytes())
    (attachment,) = mail.attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.data.startswith(b"%PDF-1.4")
    assert attachment.data.endswith(b"%%EOF\n")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "メールが空です"),
        (b"  \r\n\r\n ", "メールが空です"),
        (bytes(range(256)), "ヘッダーがありません"),
        ("ただのテキストです。\n".encode(), "ヘッダーがありません"),
        (b"X-Foo: bar\r\n\r\n", "ヘッダーがありません"),
        (b"MIME-Version: 1.0\r\n\r\n", "使える内容がありません"),
    ],
)
def test_bytes_with_no_usable_text_raise_a_parse_error_with_a_japanese_reason(raw, reason):
    with pytest.raises(MailParseError) as caught:
        parse_message(raw)
    assert reason in caught.value.reason
    assert isinstance(caught.value, ValueError)
    assert "\n" not in caught.value.reason


def test_a_mail_with_only_a_sender_is_still_a_mail():
    mail = parse_message(b"From: a@example.com\r\n\r\n")
    assert (mail.from_address, mail.subject, mail.body_text) == ("a@example.com", "", "")


def _mutations(raw: bytes, rng: random.Random) -> list[bytes]:
    cut = rng.randrange(1, max(2, len(raw)))
    flipped = bytearray(raw)
    for _ in range(8):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return [
        raw[:cut],
        bytes(flipped),
        raw.replace(b"boundary=", b"boundary=x"),
        raw.replace(b"\r\n\r\n", b"\r\n", 1),
        raw.replace(b"?=", b"", 1),
        raw.replace(b"\x1b(B", b""),
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.eml")))
def test_damaged_corpus_messages_parse_or_raise_a_parse_error_only(name):
    raw = (CORPUS / name).read_bytes()
    rng = random.Random(name)
    for damaged in _mutations(raw, rng):
        try:
            result = parse_message(damaged)
        except MailParseError as exc:
            assert exc.reason
        else:
            assert isinstance(result, ParsedMail)
