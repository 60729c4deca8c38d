"""Header values: RFC 2047 encoded words (split, folded, mixed charsets), addresses,
message ids and dates."""

from __future__ import annotations

import base64
import email
import email.policy
from datetime import UTC, datetime, timedelta, timezone

from kamitaiou.mail.parsing.headers import (
    address_list,
    addresses,
    decode_header_text,
    message_ids,
    parse_date,
)

CP50220_WORD = "=?ISO-2022-JP?B?" + base64.b64encode(b"\x1b$B\x2d\x21|byu\x1b(B").decode() + "?="


def _b(data: bytes, charset: str = "UTF-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def test_email_policy_default_fails_the_cp50220_subject_that_we_decode():
    raw = b"Subject: " + CP50220_WORD.encode() + b"\r\n\r\nbody\r\n"
    stdlib = str(email.message_from_bytes(raw, policy=email.policy.default)["subject"])
    assert stdlib != "①髙﨑"
    assert decode_header_text(CP50220_WORD) == "①髙﨑"


def test_a_utf8_character_split_across_two_folded_words_is_joined():
    data = "返品のお願い".encode()
    value = f"{_b(data[:4])}\r\n {_b(data[4:])}"
    assert decode_header_text(value) == "返品のお願い"


def test_white_space_between_words_goes_but_between_word_and_text_stays():
    value = f"Re: {_b('納期'.encode())}  {_b('の件'.encode())} (至急)"
    assert decode_header_text(value) == "Re: 納期の件 (至急)"


def test_mixed_charsets_in_one_subject():
    value = " ".join(
        [
            _b("①髙".encode("cp932"), "Shift_JIS"),
            _b("の件".encode("euc_jp"), "EUC-JP"),
            "=?utf-8?q?=E3=81=AB_=E3=81=A4=E3=81=84=E3=81=A6?=",
        ]
    )
    assert decode_header_text(value) == "①髙の件に ついて"


def test_base64_words_without_padding_and_the_rfc2231_language_suffix():
    word = (
        "=?ISO-2022-JP*ja?B?"
        + base64.b64encode("お知らせ".encode("iso2022_jp")).decode().rstrip("=")
        + "?="
    )
    assert decode_header_text(word) == "お知らせ"


def test_something_that_only_looks_like_an_encoded_word_is_kept():
    assert decode_header_text("=?utf-8?B?***?= 残す") == "=?utf-8?B?***?= 残す"


def test_raw_8bit_and_raw_jis_headers_are_detected_with_a_note():
    notes: list[str] = []
    raw = "生の件名".encode("cp932").decode("ascii", "surrogateescape")
    assert decode_header_text(raw, notes) == "生の件名"
    assert notes == ["8bit header without charset: detected cp932"]
    assert decode_header_text("古い".encode("iso2022_jp").decode("ascii")) == "古い"


def test_addresses_are_lower_cased_with_decoded_names():
    name = _b("山田 太郎".encode())
    raw_name = "鈴木".encode("cp932").decode("ascii", "surrogateescape")
    found = addresses([f"{name} <Yamada@Example.COM>, b@C.jp", f'"{raw_name}" <s@x.jp>'])
    assert found == [("山田 太郎", "yamada@example.com"), ("", "b@c.jp"), ("鈴木", "s@x.jp")]


def test_an_address_list_keeps_each_address_once_in_order():
    assert address_list(["A@x.jp, b@x.jp", "a@X.JP"]) == ("a@x.jp", "b@x.jp")


def test_a_broken_address_header_still_gives_its_addresses():
    assert [addr for _, addr in addresses(['"unclosed <a@x.jp>'])] == ["a@x.jp"]


def test_message_ids_lose_their_brackets_and_survive_missing_ones():
    assert message_ids("<a@x>\r\n <b@y>") == ["a@x", "b@y"]
    assert message_ids("  c@z ") == ["c@z"]
    assert message_ids(None) == []
    assert message_ids("") == []


def test_dates_are_aware_and_unreadable_ones_are_none_with_a_note():
    notes: list[str] = []
    assert parse_date("Tue, 1 Dec 2026 10:00:00 +0900") == datetime(
        2026, 12, 1, 10, tzinfo=timezone(timedelta(hours=9))
    )
    assert parse_date("Tue, 1 Dec 2026 10:00:00 -0000") == datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert parse_date("last week", notes) is None
    assert notes == ["unreadable Date header"]
    assert parse_date(None) is None
