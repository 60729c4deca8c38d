"""No move of the method panel waits for data the case page cannot record.

The 承認 bug was a button disabled until an approval reason existed, while the only place
to type that reason was the disabled form itself. This walks every row of the transition
table: for each guard, the case page at the move's source stage must offer the form that
records what the guard reads — or the move's own form must ask for it."""

import pytest

from kamitaiou.cases.models import Case
from kamitaiou.cases.panel import method_panel
from kamitaiou.method import guards as g
from kamitaiou.method.stages import Stage
from kamitaiou.method.transitions import MOVE_INPUT_GUARDS, TRANSITIONS
from tests.conftest import make_case

#: guard → the fact row of the panel's facts table that records what it reads
FACT_ROWS = {
    g.customer_calm: "customer_calm",
    g.fault_assessed_yes: "fault_assessed",
    g.fault_assessed_no: "fault_assessed",
    g.customer_consent: "customer_consent",
    g.verification_improved: "verification_improved",
    g.verification_not_improved: "verification_improved",
    g.explanation_recorded: "explanation",
    g.customer_benefit: "customer_benefit",
    g.visit_confirmed: "visit_confirmed",
    g.satisfaction_recorded: "satisfaction",
    g.satisfied: "satisfaction",
    g.referral_persona: "referral_persona",
}
#: guard → the panel section (flag) whose form records what it reads
SECTIONS = {
    g.assessment_accept: "show_assessment",
    g.assessment_decline: "show_assessment",
    g.scope_answered: "show_scope",
    g.progress_reported: "show_progress",
    g.outcome_recorded: "show_outcome",
}
#: guards that read who acts or what the customer said, not something staff record here
NOT_RECORDED = {g.actor_is_approver, g.not_forbidden}
#: §9.5 a supervisor takes the escalation over (queue or case page); staff escalate here
ESCALATION = {g.no_pending_escalation}
#: already met by the move that led into the stage (fix_scope needs an "accept" decision)
MET_ON_ARRIVAL = {(g.assessment_accept, Stage.SCOPE)}

ROWS = [t for rows in TRANSITIONS.values() for t in rows]


def test_every_guard_of_the_table_is_classified():
    used = {guard for t in ROWS for guard in t.guards}
    known = set(FACT_ROWS) | set(SECTIONS) | NOT_RECORDED | ESCALATION
    assert used - set(MOVE_INPUT_GUARDS.values()) <= known


@pytest.mark.parametrize("transition", ROWS, ids=[f"{t.kind}:{t.source}->{t.target}" for t in ROWS])
def test_what_each_move_needs_can_be_recorded_on_the_case_page(
    transition, operator_a, supervisor_a
):
    case = make_case(operator_a, kind=transition.kind.value, first_message="")
    Case.objects.filter(pk=case.pk).update(stage=transition.source.value)
    case.refresh_from_db()
    panel = method_panel(case, user=supervisor_a)
    typed = {MOVE_INPUT_GUARDS[name] for name in transition.inputs}
    facts = {row["name"] for row in panel["facts"]}
    for guard in transition.guards:
        if guard in typed or guard in NOT_RECORDED or (guard, transition.source) in MET_ON_ARRIVAL:
            continue
        if guard in FACT_ROWS:
            assert FACT_ROWS[guard] in facts, (guard.__name__, facts)
        elif guard in SECTIONS:
            assert panel[SECTIONS[guard]], guard.__name__
        elif guard in ESCALATION:
            assert "escalate" in panel["forms"]
        else:
            pytest.fail(f"{guard.__name__}: nothing on the case page records it")
    move = next(m for m in panel["moves"] if m["option"].transition == transition)
    if move["option"].allowed:
        assert [i["name"] for i in move["inputs"]] == [n.value for n in transition.inputs]
