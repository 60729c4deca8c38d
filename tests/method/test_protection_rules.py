"""カスハラ対策 (issue 16): categories, the two judgements, the procedure's guards and the
restrictions of service — the pure rules."""

from __future__ import annotations

from datetime import date, timedelta

from kamitaiou.method.harassment import HARASSMENT_LABELS
from kamitaiou.method.protection import categories as cat
from kamitaiou.method.protection import procedure as proc
from kamitaiou.method.protection import restrictions as res

C = cat.Category
TODAY = date(2026, 11, 2)


def test_the_guideline_names_eleven_kinds_of_conduct_in_japanese():
    assert len(cat.Category) == 11
    assert cat.CATEGORY_JA[C.REPEATED_CONTACT] == "執拗な繰り返し（電話・来訪）"
    assert cat.CATEGORY_JA[C.STAFF_PRIVACY] == "従業員の個人情報の要求・暴露"
    assert set(cat.CATEGORY_JA) == set(cat.Category)


def test_every_analyzer_harassment_label_prefills_a_category():
    assert all(label in cat.LABEL_CATEGORIES for label in HARASSMENT_LABELS)
    assert cat.categories_from_labels(["dogeza_demand", "abuse", "deadline", "abuse"]) == (
        C.VERBAL_ABUSE,
        C.DOGEZA,
    )


def test_violence_or_a_threat_to_life_needs_the_immediate_handover():
    assert cat.needs_immediate_handover(["violence"], threat_to_life=False)
    assert cat.needs_immediate_handover(["verbal_abuse"], threat_to_life=True)
    assert not cat.needs_immediate_handover(["verbal_abuse", "dogeza"], threat_to_life=False)


def test_a_legitimate_demand_made_acceptably_is_a_complaint_not_harassment():
    verdict = cat.verdict(cat.Demand.LEGITIMATE, cat.Manner.ACCEPTABLE, [])
    assert verdict is cat.Verdict.LEGITIMATE_COMPLAINT


def test_an_unacceptable_manner_is_harassment_even_for_a_legitimate_demand():
    verdict = cat.verdict(cat.Demand.LEGITIMATE, cat.Manner.UNACCEPTABLE, ["verbal_abuse"])
    assert verdict is cat.Verdict.HARASSMENT


def test_an_excessive_demand_made_politely_is_harassment_only_when_recorded_as_such():
    assert (
        cat.verdict(cat.Demand.NOT_LEGITIMATE, cat.Manner.ACCEPTABLE, ["excessive_demand"])
        is cat.Verdict.HARASSMENT
    )
    assert cat.verdict(cat.Demand.PARTLY, cat.Manner.ACCEPTABLE, []) is cat.Verdict.TO_REVIEW


def test_judgements_that_contradict_the_conduct_are_refused():
    assert cat.judgement_problems(cat.Demand.LEGITIMATE, cat.Manner.ACCEPTABLE, ["violence"])
    assert cat.judgement_problems(cat.Demand.LEGITIMATE, cat.Manner.UNACCEPTABLE, [])
    assert cat.judgement_problems(
        cat.Demand.LEGITIMATE, cat.Manner.ACCEPTABLE, ["excessive_demand"]
    )
    assert not cat.judgement_problems(
        cat.Demand.PARTLY, cat.Manner.UNACCEPTABLE, ["verbal_abuse", "dogeza"]
    )


def _problem(step, done=(), *, immediate=False, verdict=cat.Verdict.HARASSMENT, sv=False):
    return proc.step_problem(
        step, done=set(done), immediate=immediate, verdict=verdict, by_supervisor=sv
    )


def test_the_contact_is_ended_only_after_a_warning():
    assert _problem(proc.Step.END_CONTACT) is not None
    assert _problem(proc.Step.END_CONTACT, ["warn"]) is None


def test_for_violence_nothing_comes_before_the_handover_and_there_is_no_warning():
    for step in (proc.Step.WARN, proc.Step.END_CONTACT, proc.Step.DECIDE_RESTRICTION):
        assert _problem(step, immediate=True, sv=True) is not None
    assert _problem(proc.Step.HAND_TO_SUPERVISOR, immediate=True) is None
    assert _problem(proc.Step.END_CONTACT, ["hand_to_supervisor"], immediate=True) is None
    assert _problem(proc.Step.WARN, ["hand_to_supervisor"], immediate=True) is not None
    offers = proc.step_offers(done=set(), immediate=True, verdict=None, by_supervisor=False)
    assert offers[0].step is proc.Step.HAND_TO_SUPERVISOR
    assert [o.allowed for o in offers] == [True, False, False, False]


def test_a_restriction_is_decided_by_a_supervisor_after_the_handover_on_a_confirmed_incident():
    done = ["warn", "end_contact", "hand_to_supervisor"]
    assert _problem(proc.Step.DECIDE_RESTRICTION, done) is not None  # not a supervisor
    assert _problem(proc.Step.DECIDE_RESTRICTION, done, sv=True) is None
    assert _problem(proc.Step.DECIDE_RESTRICTION, ["warn"], sv=True) is not None
    assert _problem(proc.Step.DECIDE_RESTRICTION, done, verdict=None, sv=True) is not None


def test_each_step_is_recorded_once_and_none_for_a_legitimate_complaint():
    assert _problem(proc.Step.WARN, ["warn"]) is not None
    assert _problem(proc.Step.WARN, verdict=cat.Verdict.LEGITIMATE_COMPLAINT) is not None


def test_the_warning_wording_depends_on_the_channel():
    assert "お電話を終了" in proc.warning_wording("phone")
    assert "お引き取り" in proc.warning_wording("visit")
    assert proc.warning_wording("mail") == proc.warning_wording("web")
    assert proc.ending_wording("unknown") == proc.ENDING_JA["phone"]


def test_a_restriction_needs_kinds_that_fit_a_reason_and_a_review_date_within_a_year():
    ok = res.decision_problems(
        ["written_only", "two_staff"],
        reason="暴言が三回続き、警告後も止まらなかったため",
        review_on=TODAY + timedelta(days=90),
        today=TODAY,
    )
    assert ok == ()
    bad = res.decision_problems(
        ["written_only", "phone_only", "refused"], reason="短い", review_on=TODAY, today=TODAY
    )
    assert len(bad) == 4
    assert res.decision_problems(
        ["refused"], reason="x" * 20, review_on=TODAY + timedelta(days=400), today=TODAY
    )
    assert res.decision_problems([], reason="x" * 20, review_on=None, today=TODAY)


def test_a_written_reply_is_allowed_unless_phone_only_or_refused():
    assert res.written_reply_allowed(["written_only", "two_staff"])
    assert not res.written_reply_allowed(["phone_only"])
    assert not res.written_reply_allowed(["refused"])
    assert res.kinds_ja(["two_staff", "written_only"]) == "書面のみ・二名対応"
    assert res.lift_problems("短い")
    assert res.lift_problems("お客様と書面で合意し、三か月問題なし") == ()
