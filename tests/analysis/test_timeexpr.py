"""Time expressions resolve to the documented due datetimes (Asia/Tokyo)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kamitaiou.analysis.timeexpr import TOKYO, find_time_expressions, to_int

from .conftest import run

MON = datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)  # Monday
FRI = datetime(2026, 11, 20, 10, 0, tzinfo=TOKYO)
SUN = datetime(2026, 11, 22, 15, 0, tzinfo=TOKYO)
MONTH_END = datetime(2026, 11, 30, 20, 0, tzinfo=TOKYO)  # Monday, last day of November
YEAR_END = datetime(2026, 12, 31, 22, 0, tzinfo=TOKYO)  # Thursday
EVENING = datetime(2026, 11, 16, 19, 0, tzinfo=TOKYO)


def due(text: str, now: datetime) -> str:
    found = find_time_expressions(text, now)
    assert found, text
    return found[0].due.isoformat()


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("今日中", MON, "2026-11-16T23:59:59+09:00"),
        ("本日中", MON, "2026-11-16T23:59:59+09:00"),
        ("明日", MON, "2026-11-17T23:59:59+09:00"),
        ("明後日まで", MON, "2026-11-18T23:59:59+09:00"),
        ("明日の朝一", MON, "2026-11-17T09:00:00+09:00"),
        ("朝一で", MON, "2026-11-17T09:00:00+09:00"),
        ("今週中", MON, "2026-11-22T23:59:59+09:00"),
        ("今週中", FRI, "2026-11-22T23:59:59+09:00"),
        ("今週中", SUN, "2026-11-22T23:59:59+09:00"),
        ("来週中", SUN, "2026-11-29T23:59:59+09:00"),
        ("来週の月曜", MON, "2026-11-23T23:59:59+09:00"),
        ("来週の月曜", SUN, "2026-11-23T23:59:59+09:00"),
        ("金曜日までに", MON, "2026-11-20T23:59:59+09:00"),
        ("金曜日までに", FRI, "2026-11-27T23:59:59+09:00"),
        ("月曜日", SUN, "2026-11-23T23:59:59+09:00"),
        ("今週の金曜", MON, "2026-11-20T23:59:59+09:00"),
        ("17時までに", MON, "2026-11-16T17:00:00+09:00"),
        ("8時までに", MON, "2026-11-17T08:00:00+09:00"),
        ("午後3時半まで", MON, "2026-11-16T15:30:00+09:00"),
        ("48時間以内", MON, "2026-11-18T09:00:00+09:00"),
        ("30分以内", MON, "2026-11-16T09:30:00+09:00"),
        ("3日以内", MON, "2026-11-19T23:59:59+09:00"),
        ("三日以内", MON, "2026-11-19T23:59:59+09:00"),
        ("2週間以内", MON, "2026-11-30T23:59:59+09:00"),
        ("5営業日以内", FRI, "2026-11-27T23:59:59+09:00"),
        ("月末", MON, "2026-11-30T23:59:59+09:00"),
        ("月末", MONTH_END, "2026-11-30T23:59:59+09:00"),
        ("今月中", MONTH_END, "2026-11-30T23:59:59+09:00"),
        ("来月末", MON, "2026-12-31T23:59:59+09:00"),
        ("来月末", YEAR_END, "2027-01-31T23:59:59+09:00"),
        ("年内", MON, "2026-12-31T23:59:59+09:00"),
        ("年内", YEAR_END, "2026-12-31T23:59:59+09:00"),
        ("明日", YEAR_END, "2027-01-01T23:59:59+09:00"),
        ("年度末", MON, "2027-03-31T23:59:59+09:00"),
        ("今夜中", MON, "2026-11-16T23:59:59+09:00"),
        ("午前中", MON, "2026-11-16T12:00:00+09:00"),
        ("午前中", EVENING, "2026-11-17T12:00:00+09:00"),
        ("夕方まで", MON, "2026-11-16T18:00:00+09:00"),
        ("夕方まで", EVENING, "2026-11-17T18:00:00+09:00"),
        ("週明けまでに", MON, "2026-11-23T23:59:59+09:00"),
        ("週明けまでに", FRI, "2026-11-23T23:59:59+09:00"),
        ("12月25日までに", MON, "2026-12-25T23:59:59+09:00"),
        ("1月5日までに", MON, "2027-01-05T23:59:59+09:00"),
        ("20日まで", MON, "2026-11-20T23:59:59+09:00"),
        ("10日まで", MON, "2026-12-10T23:59:59+09:00"),
        # session 8: forms strangers' messages used and the resolver missed
        ("今日の3時までに", MON, "2026-11-16T15:00:00+09:00"),
        ("6時までに", MON, "2026-11-16T18:00:00+09:00"),
        ("朝6時までに", MON, "2026-11-17T06:00:00+09:00"),
        ("20日の金曜日、夕方5時までに", MON, "2026-11-20T17:00:00+09:00"),
        ("12月5日(土)までに", MON, "2026-12-05T23:59:59+09:00"),
        ("来週の水曜、午前中に", MON, "2026-11-25T12:00:00+09:00"),
        ("お昼までに", MON, "2026-11-16T12:00:00+09:00"),
        ("正午まで", EVENING, "2026-11-17T12:00:00+09:00"),
        ("12月頭までに", MON, "2026-12-01T23:59:59+09:00"),
        ("来月上旬まで", MON, "2026-12-10T23:59:59+09:00"),
        ("1月中旬までに", MON, "2027-01-20T23:59:59+09:00"),
        ("今月下旬", MON, "2026-11-30T23:59:59+09:00"),
        ("12月末をもって", MON, "2026-12-31T23:59:59+09:00"),
        ("11月末日までに", MON, "2026-11-30T23:59:59+09:00"),
        ("月末日まで", MON, "2026-11-30T23:59:59+09:00"),
        ("12月第一週に", MON, "2026-12-06T23:59:59+09:00"),
        ("来月第2週", MON, "2026-12-13T23:59:59+09:00"),
        ("月初までに", MON, "2026-12-01T23:59:59+09:00"),
        ("今日のうちに", MON, "2026-11-16T23:59:59+09:00"),
    ],
)
def test_time_expression_resolves_as_documented(text, now, expected):
    assert due(text, now) == expected


def test_naive_now_is_taken_as_tokyo_time():
    naive = datetime(2026, 11, 16, 9, 0)
    result = run("今日中にお願いします", naive)
    assert result.signals[0].detail["due"] == "2026-11-16T23:59:59+09:00"


def test_now_in_another_zone_is_converted_to_tokyo():
    utc = datetime.fromisoformat("2026-11-16T16:00:00+00:00")  # = 17-th 01:00 in Tokyo
    assert due("今日中", utc) == "2026-11-17T23:59:59+09:00"


@pytest.mark.parametrize(("text", "value"), [("3", 3), ("三", 3), ("十", 10), ("二十四", 24)])
def test_numbers_in_digits_or_kanji(text, value):
    assert to_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "至急対応してください",
        "すぐに来て",
        "先週の月曜日に注文した",
        "明日届くのを楽しみにしています",
        "土曜日は空いていますか",
        "今日中じゃなくていいです",
        "年末調整に出すので領収書をください",
        "納品日って書類上だけ先月末にできたりします？",
        "工事完了日を11月30日付けにしてもらえませんか",
        "工事完了日を3月31日にしといてほしいんです",
        "契約開始日は12月1日でお間違いないかご確認ください",
        "窓口に朝10時から夕方5時まで居座った",
        "せめて8時半からにしてもらえないか",
        "担当から本日中に折り返す旨お伝えした",
        "資料は来週中に当方よりお送りいたします",
        "「土曜の夜のかき入れ時に止まった」「どうしてくれるんだ」",
        "10月末にご請求いただいた保守費用の件です",
        "請求書の日付、10月31日にしておいてもらえる？",
        "検収は9月末ってことにしてくれませんか",
        "引き渡しは3月31日扱いでお願いできますか",
    ],
)
def test_not_a_deadline(text):
    assert "deadline" not in {str(s.label) for s in run(text).signals}


def test_a_bare_day_with_a_request_is_a_deadline():
    result = run("明日来てください")
    deadline = [s for s in result.signals if s.label == "deadline"]
    assert deadline[0].detail["due"] == "2026-11-17T23:59:59+09:00"


def test_deadline_signal_text_excludes_the_trailing_particle():
    signal = next(s for s in run("明日の朝一で届けてください").signals if s.label == "deadline")
    assert signal.text == "明日の朝一"


def test_the_day_before_a_named_day():
    result = run("12月5日が式なので、その前日には必ず届くようにしてください")
    dues = {s.detail["due"] for s in result.signals if s.label == "deadline"}
    assert "2026-12-04T23:59:59+09:00" in dues


def test_a_need_by_a_day_is_a_deadline_and_a_threat_with_a_deadline_stays_one():
    assert "deadline" in {str(s.label) for s in run("こっちは明日の朝には必要なんです").signals}
    threat = run("明日までにご回答いただけない場合、法的措置を検討いたします")
    labels = {str(s.label) for s in threat.signals}
    assert {"deadline", "legal_threat"} <= labels


THU = datetime(2026, 12, 3, 14, 0, tzinfo=TOKYO)  # Thursday


@pytest.mark.parametrize(
    ("text", "now", "expected"),
    [
        ("クリスマスまでに届けてください", THU, "2026-12-25T23:59:59+09:00"),
        ("クリスマスイブに間に合うように送って", THU, "2026-12-24T23:59:59+09:00"),
        ("大晦日までに返金して", THU, "2026-12-31T23:59:59+09:00"),
        # a holiday season: by it = before it begins (正月休み from 12/29)
        ("正月休みに入る前に何とかしてほしい", THU, "2026-12-28T23:59:59+09:00"),
        ("年末年始の休みの前に工事を終わらせて", THU, "2026-12-28T23:59:59+09:00"),
        ("お正月までに連絡ください", THU, "2026-12-31T23:59:59+09:00"),
        ("お盆までに直してほしい", THU, "2027-08-12T23:59:59+09:00"),
        # a holiday by the law's rule: the second Monday of January; …より前 = the day before
        ("成人の日より前に着物を直して", THU, "2027-01-10T23:59:59+09:00"),
        ("母の日に間に合うように送ってほしい", THU, "2027-05-09T23:59:59+09:00"),
        ("春分の日までに", THU, "2027-03-21T23:59:59+09:00"),
        ("文化の日までに", THU, "2027-11-03T23:59:59+09:00"),  # this year's is past
        ("ＧＷ前には直してほしい", THU, "2027-04-28T23:59:59+09:00"),
    ],
)
def test_named_days_resolve(text, now, expected):
    dues = [s.detail["due"] for s in run(text, now=now).signals if s.label == "deadline"]
    assert dues == [expected], text


@pytest.mark.parametrize(
    "text",
    [
        "お盆に帰省したときに買いました",
        "クリスマスに頂いたケーキが美味しかったです",
        "正月明けにまた伺います",
    ],
)
def test_a_named_day_without_a_request_is_no_deadline(text):
    assert "deadline" not in {str(s.label) for s in run(text, now=THU).signals}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明日の10時。それまでに持ってきて", "2026-12-04T10:00:00+09:00"),
        ("来週の月曜に引っ越しです。なのでそれまでに何とかしてほしい", "2026-12-07T23:59:59+09:00"),
        # その前 = the day before the day named (Friday 12/4 → Thursday 12/3)
        ("金曜日には出張なんです。その前に直してください", "2026-12-03T23:59:59+09:00"),
    ],
)
def test_the_next_sentence_can_ask_by_the_day_named_before_it(text, expected):
    dues = [s.detail["due"] for s in run(text, now=THU).signals if s.label == "deadline"]
    assert dues == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "明日伺いました。それまでに連絡してほしかった",
        "金曜日に会議があります。よろしくお願いします",
    ],
)
def test_a_day_named_then_no_request_by_it_is_no_deadline(text):
    assert "deadline" not in {str(s.label) for s in run(text, now=THU).signals}


def test_a_day_of_the_month_with_ni_and_a_request_is_a_deadline():
    dues = [
        s.detail["due"] for s in run("15日に来てください", now=THU).signals if s.label == "deadline"
    ]
    assert dues == ["2026-12-15T23:59:59+09:00"]


@pytest.mark.parametrize(
    "text",
    [
        "1日に2回電話してください",  # a frequency
        "3日に一度は連絡してください",
        "2、3日にお届けしてください",  # two or three days
        "毎月25日に引き落としてください",  # a standing arrangement
        "10日に届いたんですが",
    ],
)
def test_a_day_with_ni_that_asks_for_no_due_day_is_no_deadline(text):
    assert "deadline" not in {str(s.label) for s in run(text, now=THU).signals}
