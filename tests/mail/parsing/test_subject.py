"""The subject rules threading relies on: the case tag and the normalised subject."""

from __future__ import annotations

import pytest

from kamitaiou.mail.parsing import find_case_tag, normalize_subject


@pytest.mark.parametrize(
    ("subject", "tag"),
    [
        ("Re: 納品の遅れについて 【#123】", 123),
        ("【#45】納品の遅れについて", 45),
        ("転送: Re: 返品のお願い [#7]", 7),
        ("RE: RE: 見積もり ［＃１２］", 12),
        ("返信: 【＃９９】 至急", 99),
        ("FW: Fwd: 【#3】", 3),
        ("Ｒｅ：件名【 # 8 】", 8),
    ],
)
def test_the_case_tag_is_found_after_any_reply_or_forward_prefix(subject, tag):
    assert find_case_tag(subject) == tag


@pytest.mark.parametrize(
    "subject",
    ["納品の遅れについて", "注文番号 #123 について", "【重要】#123", "[#]", "【#0】", ""],
)
def test_a_subject_without_a_tag_has_none(subject):
    assert find_case_tag(subject) is None


def test_the_first_of_two_tags_wins():
    assert find_case_tag("Re: 【#5】 転送 【#9】") == 5


@pytest.mark.parametrize(
    ("subject", "normalized"),
    [
        ("Re: 納品の遅れについて", "納品の遅れについて"),
        ("RE: Re: Fwd: 納品の遅れについて 【#123】", "納品の遅れについて"),
        ("Ｒｅ：　Ｒｅ：納品の遅れについて", "納品の遅れについて"),
        ("転送: 返信: 納品の遅れ　について", "納品の遅れ について"),
        ("Re[2]: FW: 見積もり", "見積もり"),
        ("Re^3: 見積もり", "見積もり"),
        ("AW: Antwort", "Antwort"),
        ("  ﾃｽﾄ  件名  ", "テスト 件名"),
        ("Reply: 件名", "Reply: 件名"),
        ("Reservation: 件名", "Reservation: 件名"),
        ("", ""),
    ],
)
def test_normalize_subject_strips_prefixes_tags_and_extra_space(subject, normalized):
    assert normalize_subject(subject) == normalized


def test_a_reply_and_its_original_normalise_to_the_same_key():
    assert normalize_subject("Re: 返品について【#12】") == normalize_subject("返品について")
