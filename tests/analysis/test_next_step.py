"""next_step follows the documented priority order (kamitaiou/analysis/next_step.py)."""

from __future__ import annotations

import pytest

from kamitaiou.analysis import Label, NextStep
from kamitaiou.analysis.next_step import choose_next_step

from .conftest import run

L = Label


@pytest.mark.parametrize(
    ("found", "anger", "anxiety", "expected"),
    [
        ({L.ABUSE, L.LEGAL_THREAT}, 3, 0, NextStep.PROTECT_STAFF),
        ({L.SNS_EXPOSURE}, 2, 0, NextStep.PROTECT_STAFF),
        ({L.DOGEZA_DEMAND, L.TAX_EVASION}, 3, 0, NextStep.PROTECT_STAFF),
        ({L.LEGAL_THREAT, L.TAX_EVASION}, 2, 0, NextStep.HAND_TO_SUPERVISOR),
        ({L.ESCALATE_TO_MANAGER, L.DEADLINE}, 2, 0, NextStep.HAND_TO_SUPERVISOR),
        ({L.DAMAGES_CLAIM}, 2, 0, NextStep.HAND_TO_SUPERVISOR),
        ({L.FALSIFICATION}, 0, 0, NextStep.REFUSE_WITH_REASON),
        ({L.TAX_EVASION}, 2, 0, NextStep.REFUSE_WITH_REASON),
        ({L.REFUND}, 2, 3, NextStep.CALM_FIRST),
        (set(), 3, 0, NextStep.CALM_FIRST),
        ({L.DEADLINE}, 1, 2, NextStep.REASSURE),
        ({L.DEADLINE}, 1, 0, NextStep.EMPATHIZE_FIRST),
        ({L.DEADLINE, L.CUSTOMER_MISTAKE}, 0, 0, NextStep.EMPATHIZE_FIRST),
        ({L.DEADLINE}, 0, 0, NextStep.ASSESS_FEASIBILITY),
        ({L.SPECIAL_TREATMENT}, 0, 0, NextStep.ASSESS_FEASIBILITY),
        ({L.DISCOUNT}, 0, 0, NextStep.HEAR_THE_CUSTOMER),
        ({L.BAD_TIMING}, 0, 0, NextStep.HEAR_THE_CUSTOMER),
        (set(), 1, 0, NextStep.HEAR_THE_CUSTOMER),
        (set(), 0, 1, NextStep.HEAR_THE_CUSTOMER),
        (set(), 0, 0, NextStep.THANK_AND_FOLLOW_UP),
    ],
)
def test_priority_order(found, anger, anxiety, expected):
    assert choose_next_step(found, anger=anger, anxiety=anxiety) == expected


@pytest.mark.parametrize(
    ("found", "anger", "anxiety", "expected"),
    [
        (set(), 0, 0, NextStep.ANSWER_INQUIRY),
        (set(), 1, 0, NextStep.HEAR_THE_CUSTOMER),  # any problem sign comes first
        (set(), 0, 1, NextStep.HEAR_THE_CUSTOMER),
        ({L.DISCOUNT}, 0, 0, NextStep.HEAR_THE_CUSTOMER),
        ({L.DEADLINE}, 0, 0, NextStep.ASSESS_FEASIBILITY),
    ],
)
def test_an_inquiry_decides_only_when_nothing_else_does(found, anger, anxiety, expected):
    assert choose_next_step(found, anger=anger, anxiety=anxiety, inquiry=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "税抜き価格はいくらですか",
        "この商品の保証期間を教えてください。",
        "営業時間は何時までですか？",
        "在庫はありますか",
        "領収書の宛名は変更できますか",
        "支払い方法について知りたいのですが",
        "配送日の指定は可能でしょうか。",
        "これって何色あるの？",
        "カタログを送っていただけますか",
        "資料を送ってください",
        "ありがとうございます。ところで請求書はいつ届きますか？",
        "お客様より入電。設置方法の問い合わせ。",
    ],
)
def test_a_calm_question_or_plain_request_is_answered(text):
    result = run(text)
    assert (result.labels, result.anger, result.anxiety) == ((), 0, 0), result
    assert result.next_step == NextStep.ANSWER_INQUIRY


@pytest.mark.parametrize(
    "text",
    [
        "いつもありがとうございます",
        "無事に届きました。ありがとうございました。",
        "承知しました。よろしくお願いいたします。",
        "了解です。よろしくお願いします",
        "本当に助かりました！また頼みますね",
    ],
)
def test_thanks_and_acknowledgements_stay_thank_and_follow_up(text):
    assert run(text).next_step == NextStep.THANK_AND_FOLLOW_UP


def test_the_contract_example_value_exists():
    assert NextStep("empathize_first") is NextStep.EMPATHIZE_FIRST


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("死ね", NextStep.PROTECT_STAFF),
        ("法的措置を検討しています。", NextStep.HAND_TO_SUPERVISOR),
        ("消費税なしで売ってよ", NextStep.REFUSE_WITH_REASON),
        ("ちゃんと届くか心配で眠れません", NextStep.REASSURE),
        ("いつもありがとうございます", NextStep.THANK_AND_FOLLOW_UP),
        ("水曜日までに見積もりをお願いします", NextStep.ASSESS_FEASIBILITY),
    ],
)
def test_end_to_end_next_step(text, expected):
    assert run(text).next_step == expected
