"""The transition table: every (kind, source, target) pair, and the table's invariants."""

from __future__ import annotations

from collections import Counter, deque
from itertools import product

import pytest

from kamitaiou.method import guards as g
from kamitaiou.method.facts import CaseFacts, Role
from kamitaiou.method.stages import (
    INITIAL_STAGE,
    KIND_STAGES,
    TERMINAL_STAGES,
    CaseKind,
    Stage,
    stages_for,
)
from kamitaiou.method.transitions import (
    CLOSING,
    MOVE_INPUT_GUARDS,
    TRANSITIONS,
    MoveInput,
    Transition,
    TransitionError,
    allowed_transitions,
    check_transition,
    find_transition,
    transition_for_action,
)

from .conftest import SATISFY, VIOLATE, facts_satisfying, violating

ALL_TRANSITIONS = [t for kind in CaseKind for t in TRANSITIONS[kind]]
GUARDED = [(t, guard) for t in ALL_TRANSITIONS for guard in t.guards]


def _id(value: object) -> str:
    if isinstance(value, Transition):
        return f"{value.kind}:{value.source}->{value.target}"
    return getattr(value, "__name__", str(value))


# --- every pair of the Cartesian product ------------------------------------------------


@pytest.mark.parametrize(("kind", "source", "target"), list(product(CaseKind, Stage, Stage)))
def test_every_pair_is_allowed_exactly_when_it_is_in_the_table(kind, source, target):
    transition = find_transition(kind, source, target)
    if source not in stages_for(kind):
        with pytest.raises(TransitionError, match="段階ではありません"):
            check_transition(kind, source, target, CaseFacts())
    elif transition is None:
        with pytest.raises(TransitionError) as caught:
            check_transition(kind, source, target, CaseFacts())
        assert len(caught.value.reasons) == 1
    else:
        check_transition(kind, source, target, facts_satisfying(transition))
        blocked_by_default = [guard for guard in transition.guards if guard(CaseFacts())]
        if blocked_by_default:
            with pytest.raises(TransitionError):
                check_transition(kind, source, target, CaseFacts())
        else:
            check_transition(kind, source, target, CaseFacts())


@pytest.mark.parametrize(("transition", "guard"), GUARDED, ids=_id)
def test_each_guard_of_each_move_blocks_it_alone(transition, guard):
    facts = violating(facts_satisfying(transition), guard)
    with pytest.raises(TransitionError) as caught:
        check_transition(transition.kind, transition.source, transition.target, facts)
    assert caught.value.reasons == [guard(facts)]


# --- the table's shape ------------------------------------------------------------------


def test_every_guard_used_in_the_table_has_satisfying_and_violating_facts():
    used = {guard for t in ALL_TRANSITIONS for guard in t.guards}
    assert used <= SATISFY.keys()
    assert used <= VIOLATE.keys()


def test_table_rows_are_filed_under_their_own_kind():
    for kind, rows in TRANSITIONS.items():
        assert all(row.kind is kind for row in rows)


def test_every_move_stays_within_its_kinds_stages():
    for t in ALL_TRANSITIONS:
        assert t.source in KIND_STAGES[t.kind]
        assert t.target in KIND_STAGES[t.kind]


def test_each_source_target_pair_appears_once():
    pairs = Counter((t.kind, t.source, t.target) for t in ALL_TRANSITIONS)
    assert max(pairs.values()) == 1


def test_each_action_name_is_unique_per_source_stage():
    actions = Counter((t.kind, t.source, t.action) for t in ALL_TRANSITIONS)
    assert max(actions.values()) == 1


def test_no_move_leaves_a_terminal_stage():
    assert not [t for t in ALL_TRANSITIONS if t.source in TERMINAL_STAGES]


def test_every_move_has_a_japanese_label_and_an_action():
    for t in ALL_TRANSITIONS:
        assert t.label_ja.strip()
        assert t.action.isidentifier()


def test_every_move_into_a_terminal_stage_requires_an_outcome_and_the_escalation():
    for t in ALL_TRANSITIONS:
        if t.target in TERMINAL_STAGES:
            assert set(CLOSING) <= set(t.guards), t


@pytest.mark.parametrize("kind", list(CaseKind))
def test_every_stage_of_a_kind_is_reachable_and_every_open_stage_can_move(kind):
    seen = {INITIAL_STAGE[kind]}
    queue = deque(seen)
    while queue:
        stage = queue.popleft()
        for t in TRANSITIONS[kind]:
            if t.source is stage and t.target not in seen:
                seen.add(t.target)
                queue.append(t.target)
    assert seen == set(KIND_STAGES[kind])
    sources = {t.source for t in TRANSITIONS[kind]}
    assert sources == set(KIND_STAGES[kind]) - TERMINAL_STAGES


# --- allowed_transitions -----------------------------------------------------------------


def test_allowed_transitions_lists_disabled_moves_with_their_reasons():
    options = allowed_transitions(CaseKind.COMPLAINT, Stage.RECEIVED, CaseFacts())
    by_target = {option.target: option for option in options}
    assert set(by_target) == {Stage.CALMING, Stage.HEARING}
    assert by_target[Stage.CALMING].allowed
    assert by_target[Stage.CALMING].reasons == ()
    assert by_target[Stage.CALMING].action == "start_calming"
    assert by_target[Stage.CALMING].label_ja == "鎮静対応を始める"
    hearing = by_target[Stage.HEARING]
    assert not hearing.allowed
    assert hearing.reasons == (g.customer_calm(CaseFacts()),)


def test_allowed_transitions_collects_every_unmet_reason():
    [approve, refuse] = allowed_transitions(
        CaseKind.SPECIAL_REQUEST,
        Stage.APPROVAL_PENDING,
        CaseFacts(labels=frozenset({"tax_evasion"})),
    )
    assert approve.target is Stage.APPROVED
    # forbidden, benefit not confirmed, not an approver; the reason is typed with the move
    assert len(approve.reasons) == 3
    assert refuse.target is Stage.REFUSED


def test_approve_is_offered_to_a_supervisor_before_the_reason_is_typed():
    facts = CaseFacts(actor_role=Role.SUPERVISOR, customer_benefit_confirmed=True)
    [approve, _refuse] = allowed_transitions(
        CaseKind.SPECIAL_REQUEST, Stage.APPROVAL_PENDING, facts
    )
    assert approve.allowed, approve.reasons
    assert approve.inputs == (MoveInput.APPROVAL_REASON,)
    assert MoveInput.APPROVAL_REASON.label_ja == "承認する理由（必須）"
    # ... and posting it without the reason is still refused (the server is the authority)
    with pytest.raises(TransitionError, match="理由を記入"):
        check_transition(CaseKind.SPECIAL_REQUEST, Stage.APPROVAL_PENDING, Stage.APPROVED, facts)


def test_approve_stays_disabled_for_an_operator_whatever_is_typed():
    facts = CaseFacts(actor_role=Role.OPERATOR, customer_benefit_confirmed=True)
    [approve, _refuse] = allowed_transitions(
        CaseKind.SPECIAL_REQUEST, Stage.APPROVAL_PENDING, facts
    )
    assert not approve.allowed
    assert any("上長" in reason for reason in approve.reasons)


def test_a_guard_met_by_a_move_input_is_only_used_on_moves_that_ask_for_it():
    input_guards = set(MOVE_INPUT_GUARDS.values())
    for rows in TRANSITIONS.values():
        for transition in rows:
            asked = {MOVE_INPUT_GUARDS[name] for name in transition.inputs}
            assert set(transition.guards) & input_guards == asked, transition


def test_allowed_transitions_of_a_closed_case_is_empty():
    assert allowed_transitions(CaseKind.COMPLAINT, Stage.CLOSED, CaseFacts()) == []


def test_allowed_transitions_rejects_a_stage_of_another_kind():
    with pytest.raises(TransitionError, match="無理難題の段階ではありません"):
        allowed_transitions(CaseKind.UNREASONABLE_DEMAND, Stage.HEARING, CaseFacts())


# --- check_transition --------------------------------------------------------------------


def test_check_transition_explains_a_move_that_is_not_in_the_table():
    with pytest.raises(TransitionError) as caught:
        check_transition(CaseKind.COMPLAINT, Stage.RECEIVED, Stage.CLOSED, CaseFacts())
    assert caught.value.reasons == ["「受付」から「完了」へは進めません。"]
    assert str(caught.value) == "「受付」から「完了」へは進めません。"


def test_check_transition_says_a_closed_case_is_closed():
    with pytest.raises(TransitionError, match="完了しているため"):
        check_transition(CaseKind.COMPLAINT, Stage.CLOSED, Stage.HEARING, CaseFacts())


def test_transition_for_action_finds_the_move_by_its_name():
    move = transition_for_action(CaseKind.UNREASONABLE_DEMAND, Stage.SCOPE, "accept_demand")
    assert move is not None
    assert move.target is Stage.EXECUTING
    assert transition_for_action(CaseKind.UNREASONABLE_DEMAND, Stage.SCOPE, "approve") is None
