"""Every rule of the coach flags what it should and leaves alone what it should not."""

from __future__ import annotations

import pytest

from kamitaiou.method.coach import FindingCode, Severity
from kamitaiou.method.stages import Stage

from .helpers import A, C, S, U, check, codes

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")

ST = Stage


# (code, kind, stage, anger, draft that must be flagged, draft that must not be)
CASES = [
    (
        "partial_denial",
        C,
        ST.CALMING,
        None,
        "いや、その部分に関しては違います。",
        "おっしゃるとおりでございます。",
    ),
    (
        "partial_denial",
        C,
        ST.HEARING,
        None,
        "でも、確認画面が出ていたはずです。",
        "いつでもご連絡ください。",
    ),
    (
        "partial_denial",
        U,
        ST.EMPATHY,
        None,
        "お気持ちはわかりますが、無理です。",
        "お気持ち、よくわかります。",
    ),
    (
        "partial_denial",
        S,
        ST.RECEIVED,
        None,
        "ご事情は承知しておりますけど、それはできません。",
        "ご事情、承知いたしました。",
    ),
    (
        "partial_denial",
        C,
        ST.CALMING,
        None,
        "お急ぎとのことですが、すぐには対応できません。",
        "ご連絡いただいた件ですが、現在確認中です。",
    ),
    (
        "partial_denial",
        C,
        ST.CALMING,
        None,
        "お客様の勘違いではないでしょうか。",
        "私どもの説明不足でした。",
    ),
    (
        "excuse",
        C,
        ST.CALMING,
        None,
        "配送業者の遅延でしたので仕方がないです。",
        "ご不便をおかけし申し訳ございません。",
    ),
    (
        "excuse",
        U,
        ST.RECEIVED,
        None,
        "システムの都合上、難しいのです。",
        "ご都合のよろしい日時を伺えますか。",
    ),
    (
        "premature_rule",
        U,
        ST.EMPATHY,
        None,
        "契約の範囲外なので、対応できません。",
        "お急ぎのご事情、よくわかります。",
    ),
    (
        "premature_rule",
        C,
        ST.CALMING,
        None,
        "規約上、返品はお受けできません。",
        "ご返品のご希望、承知いたしました。",
    ),
    (
        "litigation_encouraged",
        C,
        ST.PROPOSAL,
        None,
        "どうぞ訴えてください。",
        "法的手段をお考えとのこと、責任者に申し伝えます。",
    ),
    (
        "litigation_encouraged",
        A,
        ST.VISIT,
        None,
        "裁判でも何でもご自由になさってください。",
        "ご自由にお選びいただけます。",
    ),
    (
        "impossible_promise",
        U,
        ST.ASSESSMENT,
        None,
        "必ず今週中にお届けします。",
        "必ず本日中にご連絡いたします。",
    ),
    (
        "impossible_promise",
        U,
        ST.SCOPE,
        None,
        "100%ご希望どおりにお約束します。",
        "品質をお約束できないため、お受けできません。",
    ),
    (
        "unapproved_special",
        S,
        ST.APPROVAL_PENDING,
        None,
        "今回だけ特別にお値引きします。",
        "上長に確認のうえ、ご連絡いたします。",
    ),
    (
        "multiple_claims",
        C,
        ST.HEARING,
        None,
        "大変恐縮ですが、これだけは言わせて下さい。品質には自信があります。納期も守りました。これからもよろしくお願いいたします。",
        "大変恐縮ですが、これだけは言わせて下さい。私どもは○○様を大切に思っております。これからも一緒に歩ませてください。",
    ),
    (
        "claim_too_detailed",
        C,
        ST.PROPOSAL,
        None,
        "大変恐縮ですが、これだけは言わせて下さい。第12条のとおり返金は2万円までと心苦しく思っております。今後ともよろしくお願いいたします。",
        "大変恐縮ですが、これだけは言わせて下さい。心から安心していただきたいのです。今後ともよろしくお願いいたします。",
    ),
    (
        "claim_too_long",
        C,
        ST.PROPOSAL,
        None,
        "大変恐縮ですが、これだけは言わせて下さい。私どもはお客様との長年のお付き合いを何よりも大切に考えており、そのご信頼を失うのは本当につらく心苦しいことだと感じております。今後ともよろしくお願いいたします。",
        "大変恐縮ですが、これだけは言わせて下さい。ご信頼を何より大切にしたいのです。今後ともよろしくお願いいたします。",
    ),
    (
        "claim_logic_heavy",
        C,
        ST.HEARING,
        None,
        "大変恐縮ですが、これだけは言わせて下さい。原因は契約の条件にあるため、理由は明確です。今後ともよろしくお願いいたします。",
        "大変恐縮ですが、これだけは言わせて下さい。理由はただ一つ、○○様を大切に思う気持ちです。今後ともよろしくお願いいたします。",
    ),
    (
        "missing_initiative",
        C,
        ST.PROPOSAL,
        None,
        "私どもの気持ちをぜひご理解いただきたいのです。",
        "代替品をご用意いたします。",
    ),
    (
        "missing_same_direction",
        C,
        ST.PROPOSAL,
        None,
        "大変恐縮ですが、これだけは言わせて下さい。○○様の信頼を大切に思っております。",
        "大変恐縮ですが、これだけは言わせて下さい。○○様の信頼を大切に思っております。これからも共に歩ませてください。",
    ),
    (
        "missing_apology",
        C,
        ST.APOLOGY,
        None,
        "検品に不備がございました。",
        "検品に不備がございました。心よりお詫び申し上げます。",
    ),
    (
        "command_tone",
        C,
        ST.CALMING,
        None,
        "写真を撮ってください。番号も確認してください。",
        "恐れ入りますが、写真をお送りいただけますでしょうか。",
    ),
    (
        "command_tone",
        C,
        ST.HEARING,
        3,
        "黙って聞きなさい。",
        "ごめんなさい、すぐに確認いたします。",
    ),
    (
        "command_tone",
        U,
        ST.SCOPE,
        2,
        "お客様が確認するべきです。",
        "私どもがもっと早く確認すべきでした。",
    ),
    (
        "blame_customer",
        C,
        ST.CALMING,
        None,
        "お客様のせいで作業が止まっております。",
        "お客様のご指摘で作業を見直しました。",
    ),
    (
        "blame_customer",
        U,
        ST.EMPATHY,
        None,
        "お客様が発注を忘れたから間に合わないのです。",
        "お客様がお急ぎなのはよく承知しております。",
    ),
    (
        "cold_formality",
        C,
        ST.EXECUTING,
        3,
        "当社規定により対応できません。",
        "ご迷惑をおかけし申し訳ございません。当社規定により手続きいたします。",
    ),
    (
        "long_sentence",
        C,
        ST.CALMING,
        None,
        "このたびは" + "大変" * 40 + "申し訳ございません。",
        "申し訳ございません。",
    ),
    (
        "vague_referral",
        A,
        ST.REFERRAL,
        None,
        "どなたかご紹介いただけませんか。",
        "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?",
    ),
]


@pytest.mark.parametrize(("code", "kind", "stage", "anger", "bad", "good"), CASES)
def test_rule_flags_the_bad_draft_and_not_the_good_one(code, kind, stage, anger, bad, good):
    assert code in codes(bad, kind, stage, anger=anger)
    assert code not in codes(good, kind, stage, anger=anger)


def test_every_finding_code_has_a_rule_case():
    assert {c for c, *_ in CASES} == {str(c) for c in FindingCode}


@pytest.mark.parametrize(("code", "kind", "stage", "anger", "bad", "good"), CASES)
def test_every_span_is_the_evidence(code, kind, stage, anger, bad, good):
    for finding in check(bad, kind, stage, anger=anger):
        assert bad[finding.start : finding.end] == finding.text
        assert 0 <= finding.start < finding.end <= len(bad)
        assert finding.reason_ja.startswith("§")
        assert finding.suggestion_ja


def test_denial_rules_apply_only_in_the_accept_stages():
    draft = "いや、規約上、それはできません。"
    assert codes(draft, C, ST.CALMING) == {"partial_denial", "premature_rule"}
    assert codes(draft, C, ST.PROPOSAL) == set()
    assert codes(draft, U, ST.ASSESSMENT) == set()
    assert codes(draft, A, ST.SATISFACTION) == set()


@pytest.mark.parametrize(
    "cushion",
    ["恐縮ですが", "恐れ入りますが", "申し訳ございませんが", "お手数ですが", "大変恐縮ですが"],
)
def test_cushion_words_are_not_denials(cushion):
    assert codes(f"{cushion}、本日は対応できません。", U, ST.EMPATHY) == set()


def test_the_claim_after_the_opener_is_judged_as_a_claim_not_as_a_denial():
    draft = (
        "大変恐縮ですが、これだけは言わせて下さい。"
        "規約第8条のとおり、保証は1年間です。これからも一緒に。"
    )
    found = codes(draft, C, ST.HEARING)
    assert "premature_rule" not in found
    assert {"claim_too_detailed", "claim_logic_heavy"} <= found


def test_litigation_is_an_error_in_every_stage():
    for stage in (ST.RECEIVED, ST.EXECUTING, ST.CLOSED):
        (finding,) = check("訴えるなら訴えればいいと思います。", C, stage)
        assert finding.code == FindingCode.LITIGATION_ENCOURAGED
        assert finding.severity == Severity.ERROR


def test_promises_are_fine_once_the_demand_is_accepted():
    assert codes("必ず期日までに納品いたします。", U, ST.EXECUTING) == set()
    assert codes("必ず期日までに納品いたします。", C, ST.EXECUTING) == set()


def test_an_alternative_offered_in_the_assessment_is_not_an_impossible_promise():
    draft = "代わりに、来月10日の納品でしたら確実にご用意できます。"
    assert codes(draft, U, ST.ASSESSMENT) == set()


def test_special_handling_depends_on_approval():
    draft = "今回に限り、特別に送料を無料にいたします。"
    assert codes(draft, S, ST.APPROVED) == set()
    assert codes(draft, S, ST.REFUSED) == {"unapproved_special"}
    assert codes(draft, U, ST.SCOPE) == set()
    assert codes(draft, U, ST.SCOPE, special_approved=False) == {"unapproved_special"}
    assert codes(draft, S, ST.EMPATHY, special_approved=True) == set()


def test_tone_rules_need_an_angry_customer():
    draft = "写真を撮ってください。番号も確認してください。"
    assert codes(draft, C, ST.PROPOSAL) == set()
    assert codes(draft, C, ST.PROPOSAL, anger=1) == set()
    assert codes(draft, C, ST.PROPOSAL, anger=2) == {"command_tone"}
    assert codes(draft, C, ST.RECEIVED) == {"command_tone"}


def test_a_single_request_or_a_humble_sasete_kudasai_is_not_a_command():
    assert codes("少々お待ちください。確認させてください。", C, ST.CALMING) == set()
    assert codes("写真を送ってください。", C, ST.CALMING) == set()


def test_cold_formality_is_not_flagged_when_empathy_is_shown():
    assert (
        codes("恐れ入りますが、所定の用紙でお願いいたします。", C, ST.EXECUTING, anger=3) == set()
    )


def test_missing_opener_is_fixed_by_inserting_it_before_the_claim():
    draft = "代替品をご用意しました。私どもの思いをぜひご理解いただきたいのです。"
    (finding,) = [f for f in check(draft, C, ST.PROPOSAL) if f.code == "missing_initiative"]
    assert finding.text == "私どもの思いをぜひご理解いただきたいのです。"
    assert finding.replacement == "大変恐縮ですが、これだけは言わせて下さい。" + finding.text


def test_missing_moves_span_the_whole_draft():
    draft = "検品に不備がございました。"
    (finding,) = check(draft, C, ST.APOLOGY)
    assert (finding.start, finding.end, finding.whole_draft) == (0, len(draft), True)


def test_details_in_one_run_make_one_finding():
    draft = (
        "大変恐縮ですが、これだけは言わせて下さい。3月10日までにと、心から願っております。一緒に。"
    )
    found = [f for f in check(draft, C, ST.HEARING) if f.code == "claim_too_detailed"]
    assert [f.text for f in found] == ["3月10日"]


def test_thresholds_come_from_the_settings():
    from kamitaiou.method.coach import CoachSettings, check_draft

    draft = (
        "大変恐縮ですが、これだけは言わせて下さい。○○様に心から満足していただきたいのです。一緒に。"
    )
    assert check_draft(draft, kind=C, stage=ST.HEARING) == []
    slow = CoachSettings(speaking_rate_cpm=60)
    assert CoachSettings().claim_max_chars == 50
    assert [f.code for f in check_draft(draft, kind=C, stage=ST.HEARING, settings=slow)] == [
        "claim_too_long"
    ]


def test_an_empty_draft_has_no_findings():
    assert check("   \n") == []


def test_a_stage_of_another_kind_is_rejected():
    from kamitaiou.method.coach import CoachInputError

    with pytest.raises(CoachInputError):
        check("こんにちは", C, ST.EMPATHY)


def test_negations_are_not_promises():
    assert codes("必ずしもご希望に沿えるとは限りません。", U, ST.ASSESSMENT) == set()
    assert codes("絶対に無理です。", U, ST.ASSESSMENT) == set()
    assert codes("絶対に無理です。", U, ST.EMPATHY) == {"partial_denial"}


def test_deleting_a_leading_conjunction_removes_it_whole():
    from kamitaiou.method.coach import apply_replacements

    draft = "しかしながら、今週中は困難です。"
    assert apply_replacements(draft, check(draft, U, ST.EMPATHY)) == "今週中は困難です。"


@pytest.mark.parametrize(
    "draft",
    [
        # a looser announcement, then several short assertions
        "恐縮ですが申し上げます。価格は据え置きです。納期も変えられません。仕様も確定しています。",
        "一点だけ言わせてください。当社の検査は万全です。担当者も反省しています。",
        # the method's opener, then one sentence that enumerates
        "大変恐縮ですが、これだけは言わせて下さい。まず、品質は確認済みで、次に、納期も守っております。",
    ],
)
def test_several_assertions_after_a_claim_announcement_are_multiple_claims(draft):
    assert "multiple_claims" in codes(draft, C, ST.PROPOSAL)


@pytest.mark.parametrize(
    "draft",
    [
        "恐縮ですが申し上げます。今回は交換で対応させてください。これからも一緒に改善してまいります。",
        "一点だけ言わせてください。私どもは○○様を大切に思っております。",
        "まず、ご不便をおかけしたことをお詫びいたします。",
    ],
)
def test_one_assertion_after_an_announcement_is_not_multiple_claims(draft):
    assert "multiple_claims" not in codes(draft, C, ST.PROPOSAL)
