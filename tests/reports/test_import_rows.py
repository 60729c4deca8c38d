"""The pure row checks of the import: headers, dates, values, rows against each other."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import pytest

from kamitaiou.reports import import_rows as r
from kamitaiou.reports.import_rows import Code, Field

HEADER = [
    "顧客ID",
    "会社名",
    "氏名",
    "フリガナ",
    "電話",
    "メール",
    "契約名",
    "開始日",
    "終了日",
    "契約条項",
]


def columns(header=HEADER):
    found, problems = r.map_columns(header)
    assert problems == []
    return found


def row(**cells):
    values = dict.fromkeys(HEADER, "")
    values.update(cells)
    return [values[name] for name in HEADER]


def test_the_import_rows_module_imports_no_django():
    tree = ast.parse(Path(r.__file__).read_text(encoding="utf-8"))
    names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [name for name in names if name.split(".")[0] == "django"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/12/01", date(2026, 12, 1)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026.12.1", date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        ("２０２６年１２月１日", date(2026, 12, 1)),
        ("令和8年12月1日", date(2026, 12, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R8.12.1", date(2026, 12, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("20261201", date(2026, 12, 1)),
        ("2026-12-01 00:00:00", date(2026, 12, 1)),
        (datetime(2026, 12, 1, 0, 0), date(2026, 12, 1)),
    ],
)
def test_dates_are_read_in_the_forms_japanese_offices_write(text, expected):
    assert r.parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2026/02/30", "令和1年4月1日", "平成32年1月1日", "昭和0年1月1日", "来月", "12/01", ""]
)
def test_impossible_or_unknown_dates_are_refused_not_guessed(text):
    assert r.parse_date(text) is None


def test_header_variants_are_matched_after_folding_width_and_spaces():
    found, problems = r.map_columns(["ﾒｰﾙ ｱﾄﾞﾚｽ", "お名前", "ふりがな", "ＴＥＬ", "商品名", "備考"])
    assert problems == []
    assert found.index == {
        Field.EMAIL: 0,
        Field.NAME: 1,
        Field.KANA: 2,
        Field.PHONE: 3,
        Field.PRODUCT: 4,
    }
    assert found.ignored == ("備考",)


def test_a_file_without_a_name_column_is_refused():
    _found, problems = r.map_columns(["会社名", "メール"])
    assert [p.code for p in problems] == [Code.NO_NAME_COLUMN]


def test_a_good_row_is_cleaned():
    result = r.check_row(
        2,
        row(
            氏名="山田 太郎",
            フリガナ="やまだ たろう",
            メール="Taro@Example.JP",
            電話="０３-１２３４-５６７８",
            契約名="保守契約",
            開始日="令和8年4月1日",
        ),
        columns(),
    )
    assert result.ok, result.problems
    assert result.values[Field.KANA] == "ヤマダ タロウ"
    assert result.values[Field.EMAIL] == "taro@example.jp"
    assert result.values[Field.PHONE] == "03-1234-5678"
    assert result.values[Field.START] == date(2026, 4, 1)
    assert result.key == ("email", "taro@example.jp")


def test_each_bad_cell_is_reported_with_its_row_and_column():
    result = r.check_row(
        7,
        row(
            氏名="",
            メール="not-an-address",
            フリガナ="山田",
            電話="電話して",
            契約名="保守",
            開始日="2026/13/01",
            終了日="",
        ),
        columns(),
    )
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert found == {
        (7, "氏名", Code.REQUIRED),
        (7, "メール", Code.BAD_EMAIL),
        (7, "フリガナ", Code.BAD_KANA),
        (7, "電話", Code.BAD_PHONE),
        (7, "開始日", Code.BAD_DATE),
    }


def test_a_row_without_email_or_customer_id_cannot_be_found_again_and_is_refused():
    result = r.check_row(2, row(氏名="山田"), columns())
    assert [p.code for p in result.problems] == [Code.NO_KEY]


def test_an_end_before_the_start_is_refused():
    result = r.check_row(
        2,
        row(氏名="山田", メール="a@b.jp", 契約名="保守", 開始日="2026/12/01", 終了日="2026/11/30"),
        columns(),
    )
    assert [p.code for p in result.problems] == [Code.END_BEFORE_START]


def test_rows_of_one_customer_must_agree_and_a_contract_is_not_repeated():
    rows = [
        row(顧客ID="C1", 氏名="山田", 契約名="保守", 開始日="2026/04/01"),
        row(顧客ID="C1", 氏名="山田", 契約名="リース", 開始日="2026/04/01"),
        row(顧客ID="C1", 氏名="山本", 契約名="保守", 開始日="2026/04/01"),
        [""] * len(HEADER),
    ]
    results = list(r.check_rows(rows, columns()))
    assert [res.ok for res in results] == [True, True, False]
    assert {(p.column, p.code, p.detail) for p in results[2].problems} == {
        ("氏名", Code.CONFLICT, "2"),
        ("契約名", Code.DUPLICATE_CONTRACT, "2"),
    }
