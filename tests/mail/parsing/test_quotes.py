"""split_new_text: the customer's new words apart from quoted history and signature."""

from __future__ import annotations

import pytest

from kamitaiou.mail.parsing import split_new_text

NEW = "商品がまだ届きません。至急確認してください。"


@pytest.mark.parametrize(
    "history",
    [
        "-----Original Message-----\nFrom: 佐藤 <sato@example.jp>\nSent: Monday\n\n発送しました。",
        (
            "-----元のメッセージ-----\n差出人: 佐藤\n送信日時: 2026年11月30日 17:00\n"
            "件名: 納期\n\n発送しました。"
        ),
        "-----Ｏｒｉｇｉｎａｌ Ｍｅｓｓａｇｅ-----\n発送しました。",
        (
            "________________________________\n差出人: 佐藤\n送信日時: 2026年11月30日\n"
            "宛先: 山田\n件名: 納期\n\n発送しました。"
        ),
        (
            "差出人: 佐藤 花子 <sato@example.jp>\n"
            "送信日時: 2026年11月30日 17:00\n"
            "宛先: yamada@example.com\n件名: 納期\n\n発送しました。"
        ),
        (
            "From: Sato <sato@example.jp>\n"
            "Sent: Monday, November 30, 2026 5:00 PM\n"
            "To: y@x.jp\nSubject: 納期\n\n発送しました。"
        ),
        "2026年12月1日(火) 10:00 佐藤 花子 <sato@example.jp>:\n\n> 発送しました。",
        (
            "2026年12月1日(火) 10:00 カミタイ東京コールセンター 佐藤 花子 <\n"
            "sato@example.jp>:\n> 発送しました。"
        ),
        "On Tue, Dec 1, 2026 at 10:00 AM Sato <sato@example.jp> wrote:\n> 発送しました。",
        (
            "On Tue, Dec 1, 2026 at 10:00 AM Sato Hanako of Kamitaiou Tokyo <\n"
            "sato@example.jp> wrote:\n> 発送しました。"
        ),
        "2026/12/01 10:00 に 佐藤 花子 さんは書きました:\n> 発送しました。",
        "佐藤 花子 さんは書きました:\n> 発送しました。",
        "2026/12/01 10:00、佐藤 花子 <sato@example.jp>のメール:\n\n> 発送しました。",
        "---------- Forwarded message ---------\nFrom: 佐藤\n\n発送しました。",
        "> 発送しました。\n> よろしくお願いします。",
        "＞ 発送しました。",
    ],
)
def test_each_mailers_history_is_split_off(history):
    new, quoted = split_new_text(f"{NEW}\n\n{history}\n")
    assert new == NEW
    assert "発送しました。" in quoted


def test_interleaved_answers_stay_new_and_the_quoted_questions_go():
    body = (
        "> 納品日は10日でよろしいですか。\n困ります。5日にしてください。\n"
        "> 設置は必要ですか。\n必要です。"
    )
    new, quoted = split_new_text(body)
    assert new == "困ります。5日にしてください。\n必要です。"
    assert quoted == "> 納品日は10日でよろしいですか。\n> 設置は必要ですか。"


@pytest.mark.parametrize(
    "signature",
    [
        "-- \n山田 太郎\nyamada@example.com",
        "--\n山田 太郎",
        "━━━━━━━━━━━━━━\n株式会社カミタイ商事 経理部\n鈴木 一郎\nTEL: 03-0000-0000\n━━━━━━━━━━━━━━",
        "――――――――――\n山田 太郎\n〒100-0001 東京都千代田区1-1",
        "＝＝＝＝＝＝＝＝＝＝\n㈱ヤマダ 山田\nhttps://yamada.example.jp",
        "*************************\n山田商店 山田\nE-mail: y@example.jp",
        "*-*-*-*-*-*-*-*\n山田商店\nTEL 03-1111-2222",
        "iPhoneから送信",
        "Sent from my iPhone",
    ],
)
def test_signatures_are_split_off(signature):
    new, quoted = split_new_text(f"{NEW}\n\n{signature}\n")
    assert new == NEW
    assert quoted == signature.strip()


def test_a_rule_line_followed_by_the_customers_own_list_is_not_a_signature():
    body = f"{NEW}\n━━━━━━━━━━\n注文番号: 123\n商品: 椅子\n━━━━━━━━━━\nよろしくお願いします。"
    assert split_new_text(body) == (body, "")


def test_a_line_that_merely_mentions_a_sender_or_a_date_is_not_history():
    body = (
        "差出人: の欄が空欄でした。\n2026年12月1日に注文した件です。\n"
        "先日お送りした以下のメール:\n届いていますか"
    )
    assert split_new_text(body) == (body, "")


def test_a_mail_with_nothing_new_keeps_its_whole_text_as_new():
    body = "> 発送しました。\n> よろしくお願いします。"
    assert split_new_text(body) == (body, "")


def test_a_signature_and_then_the_history_both_go():
    body = f"{NEW}\n-- \n山田\n\n2026/12/01 10:00 に 佐藤 さんは書きました:\n> 発送しました。"
    new, quoted = split_new_text(body)
    assert new == NEW
    assert quoted.startswith("-- \n山田")
    assert quoted.endswith("> 発送しました。")


def test_crlf_bodies_split_the_same():
    new, quoted = split_new_text(f"{NEW}\r\n\r\n> 発送しました。\r\n")
    assert (new, quoted) == (NEW, "> 発送しました。")


def test_an_empty_body_splits_into_two_empty_strings():
    assert split_new_text("") == ("", "")
