"""Every label of the vocabulary has positive and negative examples."""

from __future__ import annotations

import pytest

from kamitaiou.analysis import Label

from .conftest import labels

#: these tests pin down the rule engine; the combination is measured in test_reader.py and
#: by the evaluation sets
pytestmark = pytest.mark.usefixtures("rules_only")

POSITIVE = {
    Label.LEGAL_THREAT: [
        "訴えてやる!",
        "法的手段に訴えます。",
        "弁護士に依頼しました。",
        "出るとこ出ようか",
    ],
    Label.DAMAGES_CLAIM: [
        "損害賠償を求めます",
        "割れた花瓶を弁償しろ",
        "損害分はそちらで負担してもらう",
    ],
    Label.SNS_EXPOSURE: [
        "ネットに書き込んでやる",
        "この件はインスタで拡散する",
        "口コミに書きますよ",
    ],
    Label.VIOLENCE_THREAT: ["ぶっ飛ばすぞ", "殺すぞ", "夜道に気をつけろ"],
    Label.ABUSE: ["このバカが", "あんたほんまアホやな", "無能な担当者", "詐欺師め"],
    Label.INTIMIDATION: ["覚えてろよ", "ただじゃおかないぞ", "どうなっても知らんぞ"],
    Label.DOGEZA_DEMAND: ["土下座しろ", "床に頭をこすりつけて謝れ"],
    Label.PROLONGED_BINDING: ["何時間でも待たせてもらう", "納得するまで帰らないぞ"],
    Label.DEADLINE: ["明日までに送ってください", "3日以内に回答を", "今月中にお願いします"],
    Label.REFUND: ["返金して", "お金を返してください", "払い戻しを希望します"],
    Label.REPLACEMENT: ["新品と交換して", "作り直してほしい", "代わりの商品を送って"],
    Label.DISCOUNT: ["値引きしてもらえませんか", "もっと安くしてよ", "少しまけてくれへん?"],
    Label.COMPENSATION: ["慰謝料を請求したい", "迷惑料を払ってください", "補償してもらえますか"],
    Label.VISIT: ["謝りに来い", "家まで来てください", "説明しに来てもらえませんか"],
    Label.CANCEL: ["解約したい", "契約を解除します", "二度と頼まないから"],
    Label.ESCALATE_TO_MANAGER: ["上司を出せ", "責任者に代われ", "社長と話させろ"],
    Label.SPECIAL_TREATMENT: ["特別に対応してほしい", "今回だけ例外で", "優先的にやってくれ"],
    Label.TAX_EVASION: [
        "消費税抜きでお願い",
        "領収書を水増しして",
        "インボイスなしで払うよ",
        "消費税なしの金額で請求書を出して",
        "税抜きの金額で領収書を切ってください",
    ],
    Label.FALSIFICATION: ["契約日を先月の日付にして", "検査記録を改ざんして", "書類を偽造してくれ"],
    Label.CUSTOMER_MISTAKE: ["注文を忘れていました", "私のミスなんですが", "型番を確認しなかった"],
    Label.BAD_TIMING: ["台風で届かない", "在庫切れですか", "システム障害で使えない"],
    Label.RELIANCE: ["あなたにしか頼めない", "君なら何とかしてくれると思って"],
}

NEGATIVE = {
    Label.LEGAL_THREAT: [
        "訴えるつもりはありません",
        "裁判所の場所を教えて",
        "弁護士の友人がいます",
    ],
    Label.DAMAGES_CLAIM: ["弁償しろとは言いませんが", "賠償しろなんて言ってないでしょう"],
    Label.SNS_EXPOSURE: ["口コミに良いこと書いておきます", "SNSで見つけました"],
    Label.VIOLENCE_THREAT: ["お体に気をつけてください", "殴り書きのメモですみません"],
    Label.ABUSE: ["バカ売れしているそうですね", "素人なので分かりません"],
    Label.INTIMIDATION: ["ちゃんと覚えています", "後悔しています"],
    Label.DOGEZA_DEMAND: ["土下座しろとまでは言わないが", "土下座シーンのドラマ"],
    Label.PROLONGED_BINDING: ["3時間待たされた", "台風が居座っています"],
    Label.DEADLINE: ["昨日届きました", "先週の金曜日に注文しました", "いつでも構いません"],
    Label.REFUND: ["返金していただき、ありがとうございました", "返金は不要です"],
    Label.REPLACEMENT: ["交換してもらった品、ばっちりです"],
    Label.DISCOUNT: ["割引クーポンの使い方を教えて", "勉強になりました"],
    Label.COMPENSATION: ["保証書をなくしました"],
    Label.VISIT: ["持ってきてください", "来店の予約をしたい"],
    Label.CANCEL: ["解約するつもりはありません"],
    Label.ESCALATE_TO_MANAGER: ["上司の方によろしくお伝えください"],
    Label.SPECIAL_TREATMENT: ["通常の対応で大丈夫です"],
    Label.TAX_EVASION: [
        "消費税込みの金額は?",
        "税抜き価格を教えて",
        "税抜きの金額を教えてください",
        "消費税込みの金額で請求書を出してください",
        "消費税なしの金額で請求書を出してとは言いません",
    ],
    Label.FALSIFICATION: ["宛先の住所が変わりました", "納品日を教えてください"],
    Label.CUSTOMER_MISTAKE: ["御社の担当者が間違えました"],
    Label.BAD_TIMING: ["順調に届きました"],
    Label.RELIANCE: ["いつもお世話になっております", "頼りにならない"],
}


def test_every_label_has_examples():
    assert set(POSITIVE) == set(Label)
    assert set(NEGATIVE) == set(Label)


@pytest.mark.parametrize(
    ("label", "text"), [(label, text) for label, texts in POSITIVE.items() for text in texts]
)
def test_label_is_found(label, text):
    assert label in labels(text)


@pytest.mark.parametrize(
    ("label", "text"), [(label, text) for label, texts in NEGATIVE.items() for text in texts]
)
def test_label_is_not_found(label, text):
    assert label not in labels(text)
