"""Walk cases along the method through the real actions (shared by the test suites)."""

from __future__ import annotations

from typing import Any

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk
from kamitaiou.method.outcome import Ending, Impact, Outcome


def outcome(ending: Ending = Ending.FAN, before: int = 2, after: int = 4) -> Outcome:
    return Outcome(
        ending=ending, impacts=frozenset({Impact.TRUST}), trust_before=before, trust_after=after
    )


def walk_complaint_to_executing(user: Any, case: Any) -> None:
    do_change_stage(user, case, target="calming")
    ma.do_record_fact(user, case, fact="customer_calm", value=True)
    do_change_stage(user, case, target="hearing")
    ma.do_record_fact(user, case, fact="fault_assessed", value=False)
    do_change_stage(user, case, target="proposal")
    ma.do_record_fact(user, case, fact="customer_consent", value=True)
    do_change_stage(user, case, target="agreed")
    do_change_stage(user, case, target="executing")


def walk_complaint_to_verifying(user: Any, case: Any) -> None:
    walk_complaint_to_executing(user, case)
    do_change_stage(user, case, target="verifying")


def walk_demand_to_scope(user: Any, case: Any) -> None:
    """An unreasonable demand, empathised with and assessed "accept" (§5.1–5.2)."""
    do_change_stage(user, case, target="empathy")
    do_change_stage(user, case, target="assessment")
    ma.do_assess_demand(
        user,
        case,
        decision="accept",
        assessment=Assessment(
            success_probability=80,
            risk=Risk(cost_yen=10_000),
            benefit=Benefit(trust_gain=Level.HIGH, new_business_yen=500_000),
        ),
    )
    do_change_stage(user, case, target="scope")


def accept_demand(user: Any, case: Any) -> None:
    """Walk an unreasonable demand to executing (accepted, scope fixed, §5)."""
    walk_demand_to_scope(user, case)
    ma.do_answer_scope(
        user,
        case,
        answers=[
            ("current_trouble", "発注漏れ", "customer"),
            ("shortfall", "展示品のため色味が異なる", "us"),
            ("incidental", "搬入許可はビル管理会社", "third_party"),
        ],
    )
    do_change_stage(user, case, target="executing")
