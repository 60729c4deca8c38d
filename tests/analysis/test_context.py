"""Negation, hypotheticals, reported speech and politeness (the issue's cases)."""

from __future__ import annotations

import pytest

from .conftest import labels, run

#: these tests pin down the rule engine; the combination is measured in test_reader.py and
#: by the evaluation sets
pytestmark = pytest.mark.usefixtures("rules_only")


@pytest.mark.parametrize(
    "text",
    [
        "訴えるつもりはありません",
        "弁償しろとは言いませんが",
        "土下座しろとまでは言わないが",
        "裁判なんて考えていません",
        "賠償しろなんて言ってないでしょう",
        "訴えません。安心してください。",
        "SNSに書くつもりはないです",
        "返金を求めているわけではありません",
    ],
)
def test_negated_or_hypothetical_threats_and_demands_are_not_labelled(text):
    assert labels(text) == set()


def test_negation_only_cancels_its_own_clause():
    found = labels("訴えるつもりはないが、弁償はしてもらう")
    assert "legal_threat" not in found
    assert "damages_claim" in found


def test_a_lawyers_finding_reported_by_the_customer_is_not_a_threat():
    text = "弁護士に相談したところ、御社に落ち度はないとのことでした。"
    assert "legal_threat" not in labels(text)


def test_a_harmless_lawyer_mention_is_not_a_threat():
    assert labels("弁護士の先生に紹介されて御社を知りました") == set()


def test_an_operator_call_note_carries_the_quoted_customer_demand():
    result = run("お客様より入電。『今日中に持ってこい』とのこと。")
    deadline = [s for s in result.signals if s.label == "deadline"]
    assert deadline
    assert deadline[0].text == "今日中"
    assert deadline[0].detail == {"due": "2026-11-16T23:59:59+09:00"}


def test_a_call_note_quoting_a_threat_is_a_threat():
    assert "legal_threat" in labels("お客様より入電。「弁護士を立てる」と強い口調。")


def test_politeness_does_not_cancel_anger():
    assert run("大変失望いたしました。至急ご対応いただけますでしょうか").anger >= 1
    assert run("大変失望いたしました").anger >= 1


def test_polite_request_without_emotion_is_calm():
    assert run("恐れ入りますが、早急にご確認いただけますと幸いです。").anger == 0


@pytest.mark.parametrize("text", ["ｶﾈ返せ", "ｶﾈ返せ！！", "カネ返せ", "かね返せ", "金返せ"])
def test_half_full_and_mixed_scripts_are_read_alike(text):
    assert "refund" in labels(text)


def test_abuse_in_half_width_katakana():
    assert "abuse" in labels("ｸｽﾞ会社")


def test_praise_and_a_good_review_promise_are_not_complaints():
    result = run("本当に助かりました。口コミに良いこと書いておきます!")
    assert result.labels == ()
    assert result.anger == 0
    assert result.next_step == "thank_and_follow_up"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("期待した私がバカでした。", "abuse"),
        ("年寄りだと思ってバカにしてるんでしょう。", "abuse"),
        ("キャンセル待ちって今からでもできますか？", "cancel"),
        ("宛名なしの白紙の領収書はもらえますか", "cancel"),
        ("「また来るからな」と発言して退店。警察に相談済み。", "legal_threat"),
        ("お客様が店員につかみかかり、警察を呼び対応。", "legal_threat"),
        ("土下座して頼むほどのことじゃないんだけど、色違いも見たい", "dogeza_demand"),
        ("別にネットに晒したりとかはしないけどさ", "sns_exposure"),
    ],
)
def test_words_of_a_label_in_a_sense_that_is_not_it(text, label):
    assert label not in labels(text)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("お前バカか", "abuse"),
        ("契約は白紙に戻してください", "cancel"),
        ("警察に相談するからな", "legal_threat"),
        ("土下座しろ", "dogeza_demand"),
        ("ネットに晒すぞ", "sns_exposure"),
    ],
)
def test_the_same_words_as_the_label_still_are_it(text, label):
    assert label in labels(text)
