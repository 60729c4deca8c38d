"""Walk demo cases along the method, through the same actions staff use.

Each kind has a list of steps; a demo case takes the first N of them, so the demo data
holds cases at every stage — and every stage was reached with its guards satisfied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases import protection_actions as pa
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.cases.models import Case
from kamitaiou.method.assessment import Assessment, Benefit, Level, Risk
from kamitaiou.method.outcome import Ending, Impact, Outcome

Step = Callable[[Any, Any, Case], Any]


def _move(target: str) -> Step:
    return lambda staff, sv, case: do_change_stage(staff, case, target=target)


def _fact(name: str, value: Any) -> Step:
    return lambda staff, sv, case: ma.do_record_fact(staff, case, fact=name, value=value)


def _outcome(ending: Ending, impacts: set[Impact], before: int, after: int) -> Step:
    return lambda staff, sv, case: ma.do_record_outcome(
        staff,
        case,
        outcome=Outcome(
            ending=ending,
            impacts=frozenset(impacts),
            trust_before=before,
            trust_after=after,
            referrals=1 if ending is Ending.FAN else 0,
        ),
    )


def _assess(staff: Any, sv: Any, case: Case) -> None:
    ma.do_assess_demand(
        staff,
        case,
        decision="accept",
        assessment=Assessment(
            success_probability=70,
            risk=Risk(
                cost_yen=200_000,
                liability=Level.LOW,
                relationship_damage=Level.MEDIUM,
                note="間に合わなかった場合、開設日に家具が揃わない",
            ),
            benefit=Benefit(
                trust_gain=Level.HIGH,
                new_business_yen=1_200_000,
                referrals_expected=1,
                note="他拠点の家具入れ替えも検討中とのこと",
            ),
        ),
    )


def _scope(staff: Any, sv: Any, case: Case) -> None:
    ma.do_answer_scope(
        staff,
        case,
        answers=[
            ("current_trouble", "発注漏れはお客様側の手配ミス", "customer"),
            ("shortfall", "展示品での代替のため、色味が一部異なる可能性", "us"),
            ("incidental", "搬入経路の確保はビル管理会社の許可が必要", "third_party"),
        ],
    )


def _progress(staff: Any, sv: Any, case: Case) -> None:
    ma.do_record_progress_report(
        staff,
        case,
        channel="phone",
        text="現在、在庫品の確保まで進んでおります。予定より順調でございます。",
    )


def _approve(staff: Any, sv: Any, case: Case) -> None:
    do_change_stage(
        sv,
        case,
        target="approved",
        approval_reason="長年のお取引と設置環境を踏まえ、お客様のためになると判断",
    )


WALKS: dict[str, list[Step]] = {
    "complaint": [
        _move("calming"),
        _fact("customer_calm", True),
        _move("hearing"),
        _fact("fault_assessed", True),
        _move("apology"),
        _move("proposal"),
        _fact("customer_consent", True),
        _move("agreed"),
        _move("executing"),
        _move("verifying"),
        _fact("verification_improved", True),
        _outcome(Ending.FAN, {Impact.TRUST}, 2, 4),
        _move("closed"),
    ],
    "unreasonable_demand": [
        _move("empathy"),
        _move("assessment"),
        _assess,
        _move("scope"),
        _scope,
        _move("executing"),
        _progress,
        _outcome(Ending.RELATIONSHIP_CONTINUES, {Impact.TRUST, Impact.NEW_BUSINESS}, 3, 3),
        _move("closed"),
    ],
    "special_request": [
        _move("empathy"),
        _fact("customer_benefit", True),
        _move("approval_pending"),
        _approve,
        _move("executing"),
        _outcome(Ending.RELATIONSHIP_CONTINUES, {Impact.TRUST}, 3, 4),
        _move("closed"),
    ],
    "after_follow": [
        _fact("visit_confirmed", True),
        _move("visit"),
        _move("satisfaction"),
        _fact("satisfaction", 5),
        _fact(
            "referral_persona",
            "同じビルで、コピー機の紙詰まりにお困りの会社様はいらっしゃいませんか?",
        ),
        _move("referral"),
        _outcome(Ending.FAN, {Impact.TRUST, Impact.NEW_BUSINESS}, 3, 5),
        _move("closed"),
    ],
}


#: A special request the method forbids (§9.2: tax evasion, falsification, a policy's
#: forbidden list) is never approved: it is explained and refused, then closed.
REFUSAL_WALK: list[Step] = [
    _move("empathy"),
    _fact(
        "explanation",
        "法令上お受けできない理由をご説明し、代わりにできること（お支払い方法のご相談）を"
        "ご提案した。",
    ),
    _move("refused"),
    _outcome(Ending.RELATIONSHIP_CONTINUES, {Impact.TRUST}, 3, 3),
    _move("closed"),
]


def _forbidden(case: Case, staff: Any) -> bool:
    from kamitaiou.cases.workflow import facts_for  # noqa: PLC0415
    from kamitaiou.method.special_requests import forbidden_refusals  # noqa: PLC0415

    facts = facts_for(case, actor=staff)
    return bool(forbidden_refusals(facts.labels, policy_matches=facts.policy_matches))


@contextmanager
def story_clock(moment: datetime) -> Iterator[None]:
    """Run the demo's actions as if it were ``moment`` (never later than the real now),
    so each event of a demo case is stamped in the story's own time and its record
    reads in order. Demo loading only: the actions themselves read ``timezone.now()``."""
    real_now = timezone.now
    at = min(moment, real_now())
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


#: Time between two steps of a demo walk (the story moves on between them).
STEP_GAP = timedelta(minutes=40)


def walk(
    case: Case,
    *,
    staff: Any,
    supervisor: Any,
    steps: int,
    start: datetime | None = None,
    gap: timedelta = STEP_GAP,
) -> datetime | None:
    """Take the first ``steps`` steps of ``case``'s kind (refreshing between steps).

    With ``start``, step *n* happens at ``start + n × gap`` (capped at now) on the
    story's clock; the moment of the last step is returned.

    A forbidden special request walks the refusal path instead: the method never lets
    one be approved, and the demo goes through the same guards as staff do.
    """
    walk_steps = WALKS[case.kind]
    if case.kind == "special_request" and _forbidden(case, staff):
        walk_steps = REFUSAL_WALK
    moment = start
    for index, step in enumerate(walk_steps[:steps]):
        if moment is not None:
            moment += gap
        with story_clock(moment) if moment is not None else _real_clock():
            if index == len(walk_steps) - 1:  # about to close: the supervisor takes over
                for escalation in case.escalations.filter(accepted_at__isnull=True):
                    pa.do_accept_escalation(supervisor, escalation)
                case.refresh_from_db()
            step(staff, supervisor, case)
        case.refresh_from_db()
    return moment


@contextmanager
def _real_clock() -> Iterator[None]:
    yield
