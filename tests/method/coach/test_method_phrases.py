"""The practitioners' own wording in METHOD.md §5–§10 is never objected to (copied here).

Each quote is checked in the stage where the method uses it: no finding of severity
warning or error. The two quotes METHOD.md gives as what *not* to say are flagged.
"""

from __future__ import annotations

import pytest

from kamitaiou.method.stages import Stage

from .helpers import A, C, S, U, check, codes, serious

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")

MODEL_PHRASES = [
    # §5.4 progress report
    ("現在○○まで進んでおります。予定より順調でございます。", U, Stage.EXECUTING),
    ("現在○○まで進んでおります。予定より順調でございます。", C, Stage.EXECUTING),
    ("現在○○まで進んでおります。予定より順調でございます。", S, Stage.EXECUTING),
    # §5.2 decline early, with care
    ("お断りするときは、早い方がお客様のため", U, Stage.ASSESSMENT),
    ("お断りするときは、早い方がお客様のため", U, Stage.DECLINED),
    (
        "誠に申し訳ございません。お断りするときは、早い方がお客様のためと考え、"
        "早めにご連絡いたしました。",
        U,
        Stage.DECLINED,
    ),
    # §7-3 taking the initiative, in every stage of the conversation
    ("大変恐縮ですが、これだけは言わせて下さい。", C, Stage.CALMING),
    ("大変恐縮ですが、これだけは言わせて下さい。", C, Stage.HEARING),
    ("大変恐縮ですが、これだけは言わせて下さい。", C, Stage.PROPOSAL),
    ("大変恐縮ですが、これだけは言わせて下さい。", C, Stage.RECEIVED),
    # §8 cost-down only while keeping quality
    ("品質を保ったまま、コストを下げる方法をご提案いたします。", C, Stage.PROPOSAL),
    # §9.1 the test of special handling
    ("本当にこの対応はお客様のためになるか?", S, Stage.APPROVAL_PENDING),
    # §10.2 the satisfaction question
    (
        "サービスはご満足いただけましたでしょうか? 何か問題点はございましたか?",
        A,
        Stage.SATISFACTION,
    ),
    ("サービスはご満足いただけましたでしょうか? 何か問題点はございましたか?", C, Stage.VERIFYING),
    # §10.4 a referral with a concrete persona
    (
        "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?",
        A,
        Stage.REFERRAL,
    ),
    # §9.2 refusing an illegal request (special_requests.CUSTOMER_EXPLANATIONS_JA)
    (
        "消費税は法律で定められたもので、お値引きの形でも免除することはできません。"
        "ご期待に沿えず申し訳ございませんが、何卒ご理解いただけますようお願いいたします。",
        S,
        Stage.REFUSED,
    ),
    (
        "日付や金額など、書類の内容を事実と異なるものにすることは法律上できかねます。"
        "事実どおりの書類でしたら、すぐにご用意いたします。",
        S,
        Stage.REFUSED,
    ),
]


@pytest.mark.parametrize(("phrase", "kind", "stage"), MODEL_PHRASES)
def test_the_methods_own_phrasing_draws_no_warning(phrase, kind, stage):
    assert serious(check(phrase, kind, stage)) == []


@pytest.mark.parametrize(("phrase", "kind", "stage"), MODEL_PHRASES)
def test_the_methods_own_phrasing_draws_no_warning_from_an_angry_customer_either(
    phrase, kind, stage
):
    assert serious(check(phrase, kind, stage, anger=3)) == []


def test_what_the_method_forbids_is_flagged():
    assert codes("いや、その部分に関しては~", C, Stage.CALMING) == {"partial_denial"}
    assert codes("契約の範囲外なので、対応できません", U, Stage.EMPATHY) == {"premature_rule"}
    assert "litigation_encouraged" in codes("どうぞ、訴えてください。", C, Stage.HEARING)
