"""The outgoing reply mail, decoded again the way a mail client reads it."""

from __future__ import annotations

import ast
import dataclasses
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from kamitaiou.mail import compose
from kamitaiou.mail.compose import ReplyMail, compose_reply, outside_jis, reply_subject

JST = timezone(timedelta(hours=9))
BASE = ReplyMail(
    reply_id=41,
    case_id=123,
    from_address="support@example.jp",
    from_name="東京コールセンター",
    to_address="yamada@example.com",
    to_name="山田 太郎",
    original_subject="複合機が動かない",
    body="山田様\n\nご迷惑をおかけし、大変申し訳ございません。\n10時～12時に伺います。",
    date=datetime(2026, 12, 1, 10, 0, tzinfo=JST),
    signature="――――\n神対応株式会社 東京コールセンター",
    in_reply_to="<second@example.com>",
    references=("<first@example.com>", "<second@example.com>"),
)


def sent(reply: ReplyMail) -> tuple[compose.ComposedMail, object]:
    composed = compose_reply(reply)
    raw = composed.message.as_bytes(policy=composed.message.policy.clone(linesep="\r\n"))
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    return composed, message_from_bytes(raw, policy=policy.default)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("Re: 複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("RE: Re: re:複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("Ｒｅ：複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("Re[2]: 複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("返信: 複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("Re: 複合機が動かない 【#123】", "Re: 複合機が動かない 【#123】"),
        ("【#123】 Re: 複合機が動かない", "Re: 複合機が動かない 【#123】"),
        ("Re: [#123] 複合機が  動かない", "Re: 複合機が 動かない 【#123】"),
        ("Fwd: 請求書の件", "Re: Fwd: 請求書の件 【#123】"),
        ("", "Re: 【#123】"),
    ],
)
def test_the_subject_has_one_re_and_the_case_tag_once(original, expected):
    assert reply_subject(original, case_id=123) == expected


def test_a_utf8_reply_decodes_to_what_was_written_with_every_threading_header():
    composed, message = sent(BASE)
    assert composed.charset == "utf-8"
    assert composed.notes == ()
    assert message["Subject"] == "Re: 複合機が動かない 【#123】"
    assert message["From"].addresses[0].display_name == "東京コールセンター"
    assert message["From"].addresses[0].addr_spec == "support@example.jp"
    assert message["To"].addresses[0].addr_spec == "yamada@example.com"
    assert message["In-Reply-To"] == "<second@example.com>"
    assert message["References"].split() == ["<first@example.com>", "<second@example.com>"]
    assert message["Message-ID"] == "<reply-41.case-123@example.jp>"
    assert message["Date"].datetime == datetime(2026, 12, 1, 10, 0, tzinfo=JST)
    assert message.get_content_charset() == "utf-8"
    assert message["Content-Transfer-Encoding"] == "base64"
    text = message.get_content()
    assert "10時～12時に伺います。" in text
    assert text.rstrip().endswith("神対応株式会社 東京コールセンター")


def test_the_raw_headers_are_rfc_2047_encoded_words_not_8bit():
    composed = compose_reply(BASE)
    raw = composed.message.as_bytes()
    head = raw.split(b"\n\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?b?" in head


def test_an_iso_2022_jp_mailbox_sends_iso_2022_jp_body_and_subject():
    composed, message = sent(dataclasses.replace(BASE, charset="iso-2022-jp"))
    assert composed.charset == "iso-2022-jp"
    raw = composed.message.as_bytes()
    assert raw.isascii()
    head, body = raw.split(b"\n\n", 1)
    assert b"=?iso-2022-jp?b?" in head.lower()
    assert b"\x1b$B" in body  # JIS X 0208 escape, 7bit
    assert message.get_content_charset() == "iso-2022-jp"
    assert message["Content-Transfer-Encoding"] == "7bit"
    assert message["Subject"] == "Re: 複合機が動かない 【#123】"
    assert message["From"].addresses[0].display_name == "東京コールセンター"
    assert message["To"].addresses[0].display_name == "山田 太郎"
    text = message.get_content()
    # ～ typed on Windows is the same JIS character as 〜: mapped, not lost
    assert "10時〜12時に伺います。" in text
    assert "ご迷惑をおかけし、大変申し訳ございません。" in text
    assert "神対応株式会社 東京コールセンター" in text


def test_each_iso_2022_jp_line_ends_back_in_ascii():
    composed = compose_reply(dataclasses.replace(BASE, charset="iso-2022-jp"))
    body = composed.message.as_bytes().split(b"\n\n", 1)[1]
    for line in body.splitlines():
        if b"\x1b$B" in line:
            assert line.endswith(b"\x1b(B")


@pytest.mark.parametrize(
    "text", ["①の件でご連絡いたします。", "担当の髙橋です。", "ｶﾀｶﾅ", "㈱山田商事様"]
)
def test_characters_outside_jis_x_0208_force_utf8_with_a_note(text):
    composed, message = sent(dataclasses.replace(BASE, charset="iso-2022-jp", body=text))
    assert composed.charset == "utf-8"
    assert message.get_content_charset() == "utf-8"
    assert text in message.get_content()
    assert len(composed.notes) == 1
    assert "UTF-8" in composed.notes[0]
    assert outside_jis(text)[0] in composed.notes[0]


def test_a_subject_outside_jis_also_forces_utf8():
    reply = dataclasses.replace(BASE, charset="iso-2022-jp", original_subject="①の請求について")
    composed, message = sent(reply)
    assert composed.charset == "utf-8"
    assert message["Subject"] == "Re: ①の請求について 【#123】"


def test_a_very_long_iso_2022_jp_line_goes_out_in_base64_still_iso_2022_jp():
    long_line = "大変申し訳ございません。" * 60
    composed, message = sent(dataclasses.replace(BASE, charset="iso-2022-jp", body=long_line))
    assert composed.charset == "iso-2022-jp"
    assert message["Content-Transfer-Encoding"] == "base64"
    assert long_line in message.get_content()


def test_the_message_id_is_the_same_for_every_attempt_and_uses_the_mailbox_domain():
    first = compose_reply(BASE)
    second = compose_reply(dataclasses.replace(BASE, date=BASE.date + timedelta(hours=1)))
    assert first.message_id == second.message_id == "<reply-41.case-123@example.jp>"
    other = compose_reply(dataclasses.replace(BASE, reply_id=42))
    assert other.message_id != first.message_id


def test_the_signature_is_not_added_twice_when_the_draft_already_ends_with_it():
    body = BASE.body + "\n\n――――\n神対応株式会社 東京コールセンター\n"
    _composed, message = sent(dataclasses.replace(BASE, body=body))
    assert message.get_content().count("神対応株式会社 東京コールセンター") == 1


def test_without_a_previous_customer_mail_there_is_no_in_reply_to():
    _composed, message = sent(dataclasses.replace(BASE, in_reply_to=None, references=()))
    assert message["In-Reply-To"] is None
    assert message["References"] is None


def test_a_long_thread_keeps_the_first_and_the_latest_references():
    chain = tuple(f"<m{i}@example.com>" for i in range(40))
    _composed, message = sent(dataclasses.replace(BASE, references=chain, in_reply_to=chain[-1]))
    ids = message["References"].split()
    assert ids[0] == "<m0@example.com>"
    assert ids[-1] == "<m39@example.com>"
    assert len(ids) == compose.MAX_REFERENCES


def test_an_ascii_only_name_stays_readable():
    reply = dataclasses.replace(BASE, from_name="Kamitaiou Support", charset="iso-2022-jp")
    _composed, message = sent(reply)
    assert str(message["From"]) == "Kamitaiou Support <support@example.jp>"


def test_an_unknown_charset_is_refused():
    with pytest.raises(ValueError, match="charset"):
        compose_reply(dataclasses.replace(BASE, charset="shift_jis"))


def test_the_composer_is_pure_python_without_django():
    tree = ast.parse(Path(compose.__file__).read_text(encoding="utf-8"))
    modules = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in modules if name.split(".")[0] == "django"]
