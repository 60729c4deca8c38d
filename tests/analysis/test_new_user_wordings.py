"""What a new user typed on the first day (issue #10 items 3, 11, 13): tax evasion asked in
ordinary wording, sit-ins (長時間拘束・居座り), anger that is not カスハラ, 来週 that is not a
deadline, and reliance (頼られている, METHOD.md §3.3). Positives and hard negatives."""

from __future__ import annotations

import pytest

from kamitaiou.analysis import Label, NextStep
from kamitaiou.analysis.model import HARASSMENT_LABELS

from .conftest import labels, run

TAX_EVASION_ASKED = [
    "消費税分をまけてくれ",
    "消費税分まけてよ",
    "消費税の分、まけてもらえませんか",
    "消費税はまけといてや",
    "消費税抜きでいいよね",
    "税抜きで払わせてもらえませんか",
    "消費税込みにしないで",
    "税込みにしないでもらえる?",
    "税なしでお願いします",
    "領収書なしなら安くなる?",
    "領収書はいらないから、その分安くして",
    "領収書なしでいいので値引きしてください",
    "消費税はサービスで",
    "消費税くらいサービスしてくれてもいいでしょう",
    "消費税分はおまけしてよ",
    "税抜き価格で領収書をください",
    "税抜き価格で領収書を切ってもらえますか",
]

NOT_TAX_EVASION = [
    "消費税込みでお願いします",
    "税込みの金額で請求書をお願いします",
    "税抜き価格はいくらですか",
    "税抜きでいくらになりますか",
    "消費税はいくらになりますか",
    "消費税の計算が間違っていませんか",
    "領収書をください",
    "領収書はいりません",
    "領収書なしで結構です",
    "送料はサービスでお願いできますか",
    "税抜き価格で見積書をください",
    "消費税が上がる前に買いたい",
]


@pytest.mark.parametrize("text", TAX_EVASION_ASKED)
def test_tax_evasion_asked_in_ordinary_wording_is_read_and_refused(text):
    result = run(text)
    assert Label.TAX_EVASION in result.labels, result.to_dict()
    assert result.next_step is NextStep.REFUSE_WITH_REASON


@pytest.mark.parametrize("text", NOT_TAX_EVASION)
def test_a_plain_question_about_tax_or_receipts_is_not_tax_evasion(text):
    assert Label.TAX_EVASION not in labels(text)


def test_asking_to_waive_the_tax_is_still_a_discount_request_too():
    assert {"tax_evasion", "discount"} <= labels("消費税分をまけてくれ")


SIT_INS = [
    "3時間でも待つからな",
    "何時間でも待ちますよ",
    "何時間でも待たせてもらう",
    "一晩中でも待ってやる",
    "納得するまで帰らない",
    "納得いくまで帰りませんから",
    "責任者が来るまでここを動かないぞ",
    "返事をもらうまで、ここに居座るからな",
    "話がつくまで電話を切らないぞ",
    "謝ってもらうまで絶対に帰らん",
]

NOT_SIT_INS = [
    "3時間待たされた",
    "何時間も待たされました",
    "2時間も電話がつながらなかった",
    "納得するまで説明してほしい",
    "主人がまだ帰らないので、明日届けてください",
    "いつまでもお待ちしております",
    "帰らないとは言っていません",
    "何時間でも待つつもりはありません",
]


@pytest.mark.parametrize("text", SIT_INS)
def test_a_sit_in_is_prolonged_binding_and_protects_the_staff(text):
    result = run(text)
    assert Label.PROLONGED_BINDING in result.labels, result.to_dict()
    assert result.next_step is NextStep.PROTECT_STAFF
    assert result.anger >= 1


@pytest.mark.parametrize("text", NOT_SIT_INS)
def test_waiting_that_was_suffered_or_denied_is_not_a_sit_in(text):
    assert Label.PROLONGED_BINDING not in labels(text)


def test_prolonged_binding_is_a_harassment_label():
    assert Label.PROLONGED_BINDING in HARASSMENT_LABELS


@pytest.mark.parametrize(
    "text",
    [
        "いい加減にしてください",
        "いい加減にしてください!",
        "いいかげんにしてよ",
        "先週修理に来てもらったばかりなのに、また紙詰まりで印刷できません。"
        "月末の請求書発行に間に合わないと困るんです。いい加減にしてください。",
    ],
)
def test_losing_patience_is_anger_not_harassment(text):
    result = run(text)
    assert result.anger >= 1
    assert not set(result.labels) & HARASSMENT_LABELS, result.to_dict()
    assert result.next_step is not NextStep.PROTECT_STAFF


@pytest.mark.parametrize(
    "text", ["届いたばかりなのに壊れた", "買ったばかりです", "文句ばかり言ってすみません"]
)
def test_bakari_is_not_an_insult(text):
    assert Label.ABUSE not in labels(text)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("来週の月曜までに持ってきて", "2026-11-23T23:59:59+09:00"),
        ("来週中にお願いします", "2026-11-29T23:59:59+09:00"),
        ("来週までに返事をください", "2026-11-29T23:59:59+09:00"),
        ("来週いっぱいで仕上げてほしい", "2026-11-29T23:59:59+09:00"),
        ("来週の水曜に持ってきてください", "2026-11-25T23:59:59+09:00"),
    ],
)
def test_a_day_or_a_period_next_week_is_a_deadline(text, due):
    deadlines = [s for s in run(text).signals if s.label is Label.DEADLINE]
    assert [s.detail["due"] for s in deadlines] == [due]


@pytest.mark.parametrize(
    "text",
    [
        "来週お電話します",
        "来週また連絡します",
        "来週打ち合わせしましょう",
        "来週伺ってもいいですか",
        "来週でいいので見積もりをください",
        "来週持ってきてもらえますか",
    ],
)
def test_next_week_alone_is_not_a_deadline(text):
    assert Label.DEADLINE not in labels(text)


RELIANCE = [
    "君なら何とかしてくれると思って",
    "あなたなら何とかしてくれるでしょう",
    "あなたにしか頼めないんです",
    "山田さんにしかお願いできなくて",
    "いつも助けてもらっているので、今回もお願いできないかと",
    "いつも助けていただいているので甘えてしまいますが",
    "頼りにしています",
    "他に頼める人がいなくて",
    "あなただから相談しているんです",
]

NOT_RELIANCE = [
    "いつもお世話になっております",
    "あなたには頼めない",
    "何とかしてください",
    "助けてください",
    "頼んだのに届かない",
    "頼りにならない会社だ",
    "他に頼める会社を探します",
]


@pytest.mark.parametrize("text", RELIANCE)
def test_reliance_is_a_background(text):
    result = run(text)
    assert Label.RELIANCE in result.labels, result.to_dict()


@pytest.mark.parametrize("text", NOT_RELIANCE)
def test_a_plain_request_or_greeting_is_not_reliance(text):
    assert Label.RELIANCE not in labels(text)


def test_a_demand_made_out_of_reliance_calls_for_empathy_first():
    result = run("君なら何とかしてくれると思って。今週中に持ってきてもらえないかな")
    assert {Label.RELIANCE, Label.DEADLINE} <= set(result.labels)
    assert result.next_step is NextStep.EMPATHIZE_FIRST
