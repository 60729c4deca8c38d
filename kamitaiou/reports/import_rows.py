"""Rows of a Japanese CRM export, checked one by one (issue #15, item 5) — pure Python.

A file's header row is matched to our fields by its common variants (氏名 / 名前 / 顧客名,
メール / メールアドレス / E-mail …, after NFKC, spaces and case folded); each data row
becomes a ``RowResult``: the cleaned customer and contract values, or the problems found,
each with the row number the spreadsheet shows (the header is row 1), the column as the
file names it and a problem ``code`` (the Django side turns codes into Japanese messages).

Dates are read in the forms Japanese offices write them: 2026/12/01, 2026-12-01,
2026.12.1, 2026年12月1日, 令和8年12月1日 (元年 too), R8.12.1, and 平成 / 昭和 — an era date
outside its era (令和1年4月1日) is refused, not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Field(StrEnum):
    EXTERNAL_ID = "external_id"
    COMPANY = "company"
    NAME = "name"
    KANA = "name_kana"
    PHONE = "phone"
    EMAIL = "email"
    PRODUCT = "product"
    START = "start_date"
    END = "end_date"
    TERMS = "terms"


#: Header variants (folded by ``fold_header``) → field. The first of each is the canonical one.
HEADERS: dict[Field, tuple[str, ...]] = {
    Field.EXTERNAL_ID: (
        "顧客ID",
        "顧客コード",
        "顧客番号",
        "取引先ID",
        "取引先コード",
        "外部ID",
        "ID",
    ),
    Field.COMPANY: ("会社名", "企業名", "法人名", "社名", "会社", "取引先名", "勤務先"),
    Field.NAME: ("氏名", "名前", "お名前", "顧客名", "担当者名", "氏名(漢字)", "フルネーム"),
    Field.KANA: (
        "フリガナ",
        "ふりがな",
        "カナ",
        "よみがな",
        "氏名カナ",
        "氏名(フリガナ)",
        "セイメイ",
    ),
    Field.PHONE: ("電話", "電話番号", "TEL", "携帯電話", "携帯番号", "連絡先", "PHONE"),
    Field.EMAIL: (
        "メール",
        "メールアドレス",
        "Eメール",
        "E-MAIL",
        "EMAIL",
        "MAIL",
        "E-MAILアドレス",
    ),
    Field.PRODUCT: ("契約名", "商品名", "契約商品", "サービス名", "製品名", "契約内容", "プラン名"),
    Field.START: ("開始日", "契約開始日", "契約日", "利用開始日", "開始"),
    Field.END: ("終了日", "契約終了日", "満了日", "利用終了日", "終了"),
    Field.TERMS: ("契約条項", "契約条件", "条項", "特約", "約款"),
}

MAX_LENGTH = {
    Field.EXTERNAL_ID: 100,
    Field.COMPANY: 200,
    Field.NAME: 200,
    Field.KANA: 200,
    Field.PHONE: 40,
    Field.EMAIL: 254,
    Field.PRODUCT: 200,
    Field.TERMS: 50_000,
}
CUSTOMER_FIELDS = (Field.COMPANY, Field.NAME, Field.KANA, Field.PHONE, Field.EMAIL)
CONTRACT_FIELDS = (Field.PRODUCT, Field.START, Field.END, Field.TERMS)


class Code(StrEnum):
    """What can be wrong with a cell, a row or the file."""

    NO_NAME_COLUMN = "no_name_column"
    DUPLICATE_COLUMN = "duplicate_column"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    BAD_EMAIL = "bad_email"
    BAD_PHONE = "bad_phone"
    BAD_KANA = "bad_kana"
    BAD_DATE = "bad_date"
    END_BEFORE_START = "end_before_start"
    NO_KEY = "no_key"
    CONFLICT = "conflict"
    AMBIGUOUS = "ambiguous"
    DUPLICATE_CONTRACT = "duplicate_contract"
    BAD_ENCODING = "bad_encoding"
    TOO_BIG_FILE = "too_big_file"
    BAD_FILE = "bad_file"
    EMPTY_FILE = "empty_file"


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet shows it (1 = the header); 0 = the whole file
    column: str  # the file's own header text ("" for the row or the file)
    code: Code
    detail: str = ""  # the offending value, another row's number, a limit …


@dataclass(frozen=True)
class Columns:
    """Which column of the file holds which field, and the headers we did not use."""

    index: dict[Field, int]
    names: dict[Field, str]
    ignored: tuple[str, ...]

    def name(self, key: Field) -> str:
        return self.names.get(key, HEADERS[key][0])


@dataclass(frozen=True)
class RowResult:
    row: int
    values: dict[Field, object] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def key(self) -> tuple[str, str]:
        """How the same customer is found again: the external id, else the e-mail."""
        external = str(self.values.get(Field.EXTERNAL_ID) or "")
        if external:
            return ("id", external)
        return ("email", str(self.values.get(Field.EMAIL) or ""))

    @property
    def has_contract(self) -> bool:
        return any(self.values.get(key) for key in CONTRACT_FIELDS)


def fold_header(text: object) -> str:
    """NFKC, no spaces or brackets' widths, upper case: 「ﾒｰﾙ ｱﾄﾞﾚｽ」 → 「メールアドレス」."""
    folded = unicodedata.normalize("NFKC", str(text or "")).strip().upper()
    return re.sub(r"[\s\u3000_・]", "", folded)


_VARIANTS = {fold_header(variant): key for key, names in HEADERS.items() for variant in names}


def map_columns(header: Sequence[object]) -> tuple[Columns, list[Problem]]:
    """Match a header row; a file without a name column (or with a field twice) is refused."""
    index: dict[Field, int] = {}
    names: dict[Field, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for position, raw in enumerate(header):
        text = str(raw or "").strip()
        key = _VARIANTS.get(fold_header(text))
        if key is None:
            if text:
                ignored.append(text)
            continue
        if key in index:
            problems.append(Problem(1, text, Code.DUPLICATE_COLUMN, names[key]))
            continue
        index[key], names[key] = position, text
    if Field.NAME not in index:
        problems.append(Problem(1, "", Code.NO_NAME_COLUMN))
    return Columns(index, names, tuple(ignored)), problems


ERAS = (  # name, letter, first day, last day
    ("令和", "R", date(2019, 5, 1), None),
    ("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    ("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
)
_ERA_DATE = re.compile(
    r"^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$"
)
_WESTERN = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object) -> date | None:
    """A date as Japanese offices write it, or ``None`` if it is not one (or not real)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    if " " in text and re.match(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2} 0{1,2}:00(:00)?$", text):
        text = text.split(" ", 1)[0]  # "2026-12-01 00:00:00" as a spreadsheet writes it
    found = _WESTERN.match(text) or _COMPACT.match(text)
    if found:
        return _real(int(found[1]), int(found[2]), int(found[3]))
    return _era_date(text)


def _era_date(text: str) -> date | None:
    found = _ERA_DATE.match(text)
    if not found:
        return None
    era = next(e for e in ERAS if found[1] in (e[0], e[1]))
    year = 1 if found[2] == "元" else int(found[2])
    day = _real(era[2].year + year - 1, int(found[3]), int(found[4])) if year >= 1 else None
    if day is None or day < era[2] or (era[3] is not None and day > era[3]):
        return None
    return day


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[\d\-() ]+$")
_KANA = re.compile(r"^[\u30a0-\u30ff\u3000 ]+$")


def clean_text(value: object) -> str:
    """A cell as text: numbers from a spreadsheet without ".0", stripped, NFC kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def to_katakana(text: str) -> str:
    """Hiragana → katakana after NFKC (ﾔﾏﾀﾞ and やまだ both become ヤマダ)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in folded)


def check_row(number: int, cells: Sequence[object], columns: Columns) -> RowResult:
    """Clean and check one data row (``number`` as the spreadsheet shows it)."""
    raw = {
        key: cells[position] if position < len(cells) else None
        for key, position in columns.index.items()
    }
    values: dict[Field, object] = {}
    problems: list[Problem] = []

    def problem(key: Field | None, code: Code, detail: str = "") -> None:
        problems.append(Problem(number, columns.name(key) if key else "", code, detail))

    for key in (Field.EXTERNAL_ID, Field.COMPANY, Field.NAME, Field.PRODUCT, Field.TERMS):
        values[key] = clean_text(raw.get(key))
    values[Field.KANA] = to_katakana(clean_text(raw.get(Field.KANA))).strip()
    values[Field.PHONE] = unicodedata.normalize("NFKC", clean_text(raw.get(Field.PHONE)))
    values[Field.EMAIL] = unicodedata.normalize("NFKC", clean_text(raw.get(Field.EMAIL))).lower()
    for key, limit in MAX_LENGTH.items():
        if len(str(values[key])) > limit:
            problem(key, Code.TOO_LONG, str(limit))
    if not values[Field.NAME]:
        problem(Field.NAME, Code.REQUIRED)
    email = str(values[Field.EMAIL])
    if email and not _EMAIL.match(email):
        problem(Field.EMAIL, Code.BAD_EMAIL, email)
    phone = str(values[Field.PHONE])
    if phone and (not _PHONE.match(phone) or not 7 <= sum(ch.isdigit() for ch in phone) <= 15):
        problem(Field.PHONE, Code.BAD_PHONE, phone)
    kana = str(values[Field.KANA])
    if kana and not _KANA.match(kana):
        problem(Field.KANA, Code.BAD_KANA, kana)
    if not values[Field.EXTERNAL_ID] and not email:
        problem(None, Code.NO_KEY)
    _check_contract(raw, values, problem)
    return RowResult(number, values, tuple(problems))


Report = Callable[[Field | None, Code, str], None]


def _check_contract(raw: dict[Field, object], values: dict[Field, object], report: Report) -> None:
    for key in (Field.START, Field.END):
        cell = raw.get(key)
        if cell is None or clean_text(cell) == "":
            values[key] = None
            continue
        values[key] = parse_date(cell)
        if values[key] is None:
            report(key, Code.BAD_DATE, clean_text(cell))
    has_contract = any(clean_text(raw.get(key)) for key in CONTRACT_FIELDS)
    if not has_contract:
        return
    if not values[Field.PRODUCT]:
        report(Field.PRODUCT, Code.REQUIRED, "")
    if values[Field.START] is None and not clean_text(raw.get(Field.START)):
        report(Field.START, Code.REQUIRED, "")
    start, end = values[Field.START], values[Field.END]
    if isinstance(start, date) and isinstance(end, date) and end < start:
        report(Field.END, Code.END_BEFORE_START, "")


def check_rows(rows: Iterable[Sequence[object]], columns: Columns) -> Iterable[RowResult]:
    """Every data row checked, and checked against the rows before it: one customer may
    have several rows (one per contract), but they must agree on the customer's values;
    the same contract (product and start date) twice is refused. Blank rows are skipped."""
    seen: dict[tuple[str, str], RowResult] = {}
    contracts: dict[tuple[tuple[str, str], str, object], int] = {}
    for number, cells in enumerate(rows, start=2):
        if all(clean_text(cell) == "" for cell in cells):
            continue
        result = check_row(number, cells, columns)
        if result.ok:
            result = _against_earlier(result, columns, seen, contracts)
        yield result


def _against_earlier(
    result: RowResult,
    columns: Columns,
    seen: dict[tuple[str, str], RowResult],
    contracts: dict[tuple[tuple[str, str], str, object], int],
) -> RowResult:
    problems: list[Problem] = []
    first = seen.setdefault(result.key, result)
    if first is not result:
        for key in CUSTOMER_FIELDS:
            mine, theirs = result.values.get(key), first.values.get(key)
            if mine and theirs and mine != theirs:
                problems.append(
                    Problem(result.row, columns.name(key), Code.CONFLICT, str(first.row))
                )
    if result.has_contract:
        contract = (result.key, str(result.values[Field.PRODUCT]), result.values[Field.START])
        earlier = contracts.setdefault(contract, result.row)
        if earlier != result.row:
            problems.append(
                Problem(
                    result.row, columns.name(Field.PRODUCT), Code.DUPLICATE_CONTRACT, str(earlier)
                )
            )
    if not problems:
        return result
    return RowResult(result.row, result.values, tuple(problems))
