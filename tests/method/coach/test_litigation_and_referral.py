"""Never invite litigation (§9.5); ask for referrals with a concrete persona (§10.4)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kamitaiou
from kamitaiou.method.coach import check_draft, evaluate
from kamitaiou.method.stages import Stage, stages_for

from .helpers import A, C, S, U, codes

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")

EXTRA = Path(kamitaiou.__file__).parent.parent / "eval" / "coach_drafts_extra.tsv"

INVITATIONS = [
    "弁護士に相談されるならどうぞ。",
    "弁護士に相談なさるなら、どうぞご自由に。",
    "どうぞ訴えてください。",
    "裁判でも何でもご自由にどうぞ。",
    "出るところに出ていただいて構いません。",
    "出るところへ出ていただいても結構です。",
    "法的手段を取られても当社としては対応を変えられません。",
    "法的手段を取られても、当社としては一切責任はございません。",
    "訴訟を起こされても当社は構いません。",
    "訴えたければ訴えてください。",
    "裁判したいならすればいいです。",
    "弁護士を立てていただいても構いません。",
    "弁護士を通していただいて結構です。",
    "裁判になっても当社は困りません。",
    "どうしても納得いかないなら裁判所に申し立ててください。",
    "弁護士に相談されたらいかがですか。",
    "法廷で争いましょう。",
    "訴訟でもなんでも起こしてください。",
    "法的手段を取るかどうかはお任せします。",
    "それなら出るところに出ましょうか。",
]

NEUTRAL = [
    # Decided: the customer's own lawyer, and we ask to hear back — not an invitation.
    "弁護士の先生とご相談のうえ、ご連絡いただけますと幸いです。",
    "法的手段をお考えとのこと、承知いたしました。責任者に申し伝え、改めてご連絡いたします。",
    "弁護士にご相談されるとのこと、承知いたしました。上長に報告のうえ、改めてご連絡いたします。",
    "弁護士の方からご連絡があれば、責任者が対応いたします。",
    "弁護士の先生にご同席いただいても、当社の責任者がご説明いたします。",
    "訴訟になることのないよう、誠意をもって対応いたします。",
    "当社の顧問弁護士とも確認のうえ、ご回答いたします。",
    "訴訟対応は顧問弁護士にお任せしております。",
    "どうぞよろしくお願いいたします。裁判所からの書類の件は、責任者が対応いたします。",
    "お好きな色をご自由にお選びください。",
]


@pytest.mark.parametrize("draft", INVITATIONS)
def test_an_invitation_to_litigate_is_an_error_in_every_stage(draft):
    for kind in (C, U, S, A):
        for stage in stages_for(kind):
            assert "litigation_encouraged" in codes(draft, kind, stage), (kind, stage)


@pytest.mark.parametrize("draft", NEUTRAL)
def test_a_neutral_mention_of_lawyers_or_courts_is_not_flagged(draft):
    for stage in (Stage.CALMING, Stage.PROPOSAL, Stage.EXECUTING):
        assert "litigation_encouraged" not in codes(draft, C, stage)


VAGUE = [
    "どなたかご紹介いただけませんか。",
    "お知り合いを紹介していただけると助かります。",
    "誰か紹介してください。",
    "よろしければ、お知り合いの方をご紹介いただけませんでしょうか。",
    "お困りの方がいらっしゃいましたら、ぜひご紹介ください。",
    "周りに興味のありそうな方はいらっしゃいませんか?",
    "ほかにもご紹介いただける会社さんはございませんか。",
]

CONCRETE = [
    "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?",
    "お知り合いで、腰痛でお困りの方はいらっしゃいませんか?",
    "コピー機の紙詰まりにお困りの事務所の方がいらっしゃいましたら、ぜひご紹介ください。",
    "電気代の高さにお悩みの飲食店のオーナー様をご存じでしたら、ご紹介いただけますと幸いです。",
    "目の疲れでお悩みの方はいらっしゃいませんか？もしいらっしゃいましたら、ぜひご紹介ください。",
    "サービスはご満足いただけましたでしょうか? 何か問題点はございましたか?",
]


@pytest.mark.parametrize("draft", VAGUE)
def test_a_referral_request_without_a_persona_gets_a_finding_saying_why(draft):
    found = [f for f in _check(draft) if f.code == "vague_referral"]
    assert len(found) == 1
    assert found[0].reason_ja.startswith("§10.4")
    assert "目の疲れでお悩みの方" in found[0].suggestion_ja
    assert found[0].severity == "warning"


@pytest.mark.parametrize("draft", CONCRETE)
def test_a_concrete_persona_or_no_referral_request_is_not_flagged(draft):
    assert "vague_referral" not in {f.code for f in _check(draft)}


def test_only_after_follow_cases_are_checked_for_referral_personas():
    assert "vague_referral" not in codes("どなたかご紹介いただけませんか。", C, Stage.EXECUTING)


def test_the_extra_labelled_set_scores_perfectly():
    report = evaluate(EXTRA)
    assert report.drafts >= 30
    assert report.misses == []


def _check(draft: str):
    return check_draft(draft, kind=A, stage=Stage.REFERRAL)
