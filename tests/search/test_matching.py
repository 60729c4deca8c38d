"""Japanese-correct matching over the index (runs on SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest

from tests.conftest import make_case
from tests.search.conftest import add_message, found_cases, found_customers, new_customer


@pytest.mark.parametrize(
    "q",
    [
        "冷蔵庫",  # the title
        "納期",  # 2 characters
        "返金",
        "訴訟",
        "金",  # 1 character (お金, 返金)
        "賠償",  # a part of the compound 損害賠償
        "損害賠償",
        "パソコン",  # ﾊﾟｿｺﾝ in the text
        "ﾊﾟｿｺﾝ",
        "ぱそこん",
        "データ",
        "abc123",  # ＡＢＣ１２３ in the text
        "ＡＢＣ",
        "高橋",  # 髙橋 is the customer
        "髙橋",
        "タカハシ",  # the reading, typed in katakana …
        "たかはし",  # … hiragana …
        "ﾀｶﾊｼ",  # … and half-width
        "みどり食品",
        "takahashi@example.jp",
        "03-1234-5678",
        "0312345678",
        "1234-5678",
        "冷蔵庫 納期 返金",  # several words: all of them
        '"冷蔵庫が冷え"',
    ],
)
def test_the_case_is_found_by(fridge_case, operator_a, q):
    assert found_cases(operator_a, q) == {fridge_case.pk}


@pytest.mark.parametrize(
    "q",
    [
        "洗濯機",
        "冷蔵庫 洗濯機",  # every word must match
        '"冷蔵庫 冷えない"',  # a phrase is exact (there is no space in the title)
        '"賠償損害"',
        "金庫",
        "9999",
    ],
)
def test_the_case_is_not_found_by(fridge_case, operator_a, q):
    assert found_cases(operator_a, q) == set()


def test_words_may_be_found_in_different_messages_of_the_case(fridge_case, operator_a):
    assert found_cases(operator_a, "訴訟 ﾃﾞｰﾀ") == {fridge_case.pk}


def test_a_quoted_phrase_with_a_space_matches_the_same_words_with_any_spacing(operator_a, team_a):
    case = make_case(operator_a, title="点検", first_message="冷蔵庫　故障\nの件です")
    assert found_cases(operator_a, '"冷蔵庫 故障"') == {case.pk}
    assert found_cases(operator_a, '"故障 の件"') == {case.pk}
    assert found_cases(operator_a, '"冷蔵庫故障"') == set()


def test_a_two_character_term_matches_at_the_very_end_and_start_of_a_text(operator_a):
    case = make_case(operator_a, title="件名", first_message="納期")
    assert found_cases(operator_a, "納期") == {case.pk}
    assert found_cases(operator_a, "納") == {case.pk}
    assert found_cases(operator_a, "期") == {case.pk}


def test_customers_are_found_by_name_reading_company_mail_phone_and_contract(
    fridge_case, operator_a
):
    from tests.conftest import make_contract

    customer = fridge_case.customer
    make_contract(customer, product="業務用冷凍ショーケース保守")
    make_case(operator_a, customer=customer, title="契約後のフォロー")  # re-indexes the customer
    for q in [
        "高橋",
        "いちろう",
        "ﾐﾄﾞﾘ",
        "example.jp",
        "0312345678",
        "03-1234-5678",
        "ショーケース",
    ]:
        assert found_customers(operator_a, q) == {customer.pk}, q


def test_a_new_customer_without_a_case_is_found(operator_a, team_a):
    customer = new_customer(operator_a, team_a, "斎藤 花子", name_kana="サイトウ ハナコ")
    assert found_customers(operator_a, "齋藤") == {customer.pk}
    assert found_customers(operator_a, "さいとう") == {customer.pk}


def test_an_outbound_reply_and_an_internal_note_are_searched_too(fridge_case, operator_a):
    add_message(operator_a, fridge_case, "交換品を明日お届けします。", direction="out")
    add_message(operator_a, fridge_case, "上長に相談済み", direction="internal")
    assert found_cases(operator_a, "交換品") == {fridge_case.pk}
    assert found_cases(operator_a, "上長") == {fridge_case.pk}


def test_symbols_and_emoji_are_matched_literally(operator_a):
    case = make_case(operator_a, title="注文番号 A-1024 😡 ！！", first_message="")
    assert found_cases(operator_a, "a-1024") == {case.pk}
    assert found_cases(operator_a, "😡") == {case.pk}
    assert found_cases(operator_a, "!!") == {case.pk}
