"""Stages, kinds, guidance, refusals and kind changes: the catalogue is complete."""

from __future__ import annotations

import pytest

from kamitaiou.method.facts import ATTRIBUTION_LABELS_JA, Attribution, Role, ScopeQuestion
from kamitaiou.method.guidance import STAGE_GUIDANCE_JA, stage_guidance
from kamitaiou.method.kind_change import KIND_CHANGES, change_kind, kind_change_options
from kamitaiou.method.special_requests import forbidden_refusals
from kamitaiou.method.stages import (
    INITIAL_STAGE,
    KIND_STAGES,
    CaseKind,
    Stage,
    initial_stage,
    stages_for,
)
from kamitaiou.method.transitions import TransitionError


def test_case_kinds_have_the_japanese_labels_of_the_method():
    assert [kind.label_ja for kind in CaseKind] == [
        "クレーム",
        "無理難題",
        "特別対応の要望",
        "アフターフォロー",
    ]


def test_every_stage_has_a_label_and_belongs_to_some_kind():
    used = {stage for stages in KIND_STAGES.values() for stage in stages}
    assert used == set(Stage)
    assert all(stage.label_ja for stage in Stage)
    assert Stage.CLOSED_UNIMPROVABLE.label_ja == "改善不可・説明済み"


def test_each_kind_starts_in_one_of_its_own_stages():
    for kind in CaseKind:
        assert initial_stage(kind) is INITIAL_STAGE[kind]
        assert initial_stage(kind) is stages_for(kind)[0]
    assert initial_stage(CaseKind.AFTER_FOLLOW) is Stage.SCHEDULE_CONFIRMATION


def test_only_the_closed_stages_are_terminal():
    assert {stage for stage in Stage if stage.is_terminal} == {
        Stage.CLOSED,
        Stage.CLOSED_UNIMPROVABLE,
    }


def test_every_stage_of_every_kind_has_guidance():
    pairs = {(kind, stage) for kind in CaseKind for stage in stages_for(kind)}
    assert set(STAGE_GUIDANCE_JA) == pairs
    assert "契約の範囲外なので、対応できません" in stage_guidance(
        CaseKind.UNREASONABLE_DEMAND, Stage.EMPATHY
    )


def test_roles_attributions_and_questions_have_labels():
    assert Role.SUPERVISOR.label_ja == "SV・上長"
    assert Role.ADMIN.can_approve
    assert not Role.SALES_REP.can_approve
    assert [ATTRIBUTION_LABELS_JA[a] for a in Attribution] == [
        "自社",
        "お客様",
        "第三者",
        "不可抗力",
    ]
    assert Attribution.FORCE_MAJEURE.label_ja == "不可抗力"
    assert [q.label_ja[:3] for q in ScopeQuestion] == ["(a)", "(b)", "(c)"]


def test_refusals_list_illegal_labels_first_then_each_policy_once():
    refusals = forbidden_refusals(
        ["falsification", "tax_evasion", "deadline"], policy_matches=["A", "B", "A"]
    )
    assert [refusal.cause for refusal in refusals] == [
        "tax_evasion",
        "falsification",
        "policy:A",
        "policy:B",
    ]
    assert refusals[0].customer_explanation_ja.startswith(
        "消費税は法律で定められたもので、お値引きの形でも免除することはできません。"
    )
    assert forbidden_refusals(["refund"]) == []


# --- kind changes --------------------------------------------------------------------


def test_every_kind_change_lands_in_a_stage_of_the_new_kind():
    for (_, target), landing in KIND_CHANGES.items():
        assert landing in KIND_STAGES[target]


def test_an_unreasonable_demand_badly_handled_becomes_a_complaint_being_calmed():
    landing = change_kind(
        CaseKind.UNREASONABLE_DEMAND,
        Stage.DECLINED,
        to=CaseKind.COMPLAINT,
        reason="お断りの仕方にお怒り",
    )
    assert landing is Stage.CALMING


def test_kind_change_options_of_an_open_after_follow():
    options = kind_change_options(CaseKind.AFTER_FOLLOW, Stage.SATISFACTION)
    assert [option.target_kind for option in options] == [
        CaseKind.COMPLAINT,
        CaseKind.UNREASONABLE_DEMAND,
        CaseKind.SPECIAL_REQUEST,
    ]
    assert options[0].label_ja == "クレームに切り替える"
    assert options[0].landing_stage is Stage.RECEIVED


def test_a_complaint_stays_a_complaint_and_closed_cases_keep_their_kind():
    assert kind_change_options(CaseKind.COMPLAINT, Stage.HEARING) == []
    assert kind_change_options(CaseKind.SPECIAL_REQUEST, Stage.CLOSED) == []
    with pytest.raises(TransitionError) as caught:
        change_kind(CaseKind.COMPLAINT, Stage.HEARING, to=CaseKind.SPECIAL_REQUEST, reason="x")
    assert caught.value.reasons == ["クレームから特別対応の要望へは種別を変更できません。"]
    with pytest.raises(TransitionError, match="完了した案件"):
        change_kind(CaseKind.SPECIAL_REQUEST, Stage.CLOSED, to=CaseKind.COMPLAINT, reason="x")


def test_a_kind_change_needs_a_reason_and_a_stage_of_the_current_kind():
    with pytest.raises(TransitionError) as caught:
        change_kind(CaseKind.SPECIAL_REQUEST, Stage.REFUSED, to=CaseKind.COMPLAINT, reason=" ")
    assert caught.value.reasons == ["種別を変更する理由を記入してください。"]
    with pytest.raises(TransitionError, match="段階ではありません"):
        change_kind(CaseKind.SPECIAL_REQUEST, Stage.HEARING, to=CaseKind.COMPLAINT, reason="x")
