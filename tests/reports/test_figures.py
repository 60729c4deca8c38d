"""The report figures are plain arithmetic over rows: tested without a database."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kamitaiou.reports import figures as f

TOKYO = ZoneInfo("Asia/Tokyo")
NOV = f.Period(datetime(2026, 11, 1, tzinfo=TOKYO), datetime(2026, 12, 1, tzinfo=TOKYO))


def at(day: int, hour: int = 10, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=TOKYO)


def row(case_id: int = 1, **fields: object) -> f.CaseRow:
    fields.setdefault("kind", "complaint")
    fields.setdefault("stage", "closed")
    fields.setdefault("opened_at", at(2))
    return f.CaseRow(case_id=case_id, **fields)  # type: ignore[arg-type]


def test_the_figures_module_imports_no_django():
    tree = ast.parse(Path(f.__file__).read_text(encoding="utf-8"))
    names = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])  # type: ignore[attr-defined]
    ]
    assert not [n for n in names if n and n.split(".")[0] == "django"]


def test_fan_rate_is_the_share_of_ending_three_among_closed_complaints_and_demands():
    cases = [
        row(1, closed_at=at(5), ending="fan"),
        row(2, closed_at=at(6), ending="relationship_continues"),
        row(3, kind="unreasonable_demand", closed_at=at(7), ending="fan"),
        row(4, closed_at=at(8), ending="trust_lost"),
        # not counted: after-follow, still open, closed outside the period
        row(5, kind="after_follow", closed_at=at(9), ending="fan"),
        row(6, stage="hearing"),
        row(7, closed_at=at(3, month=12), ending="fan"),
    ]
    assert f.fan_rate(cases, NOV) == pytest.approx(0.5)
    assert f.ending_counts(cases, NOV) == {"trust_lost": 1, "relationship_continues": 1, "fan": 2}


def test_fan_rate_of_nothing_closed_is_none_not_zero():
    assert f.fan_rate([row(stage="hearing")], NOV) is None


def test_a_closed_case_without_an_outcome_is_counted_apart():
    assert f.ending_counts([row(closed_at=at(5))], NOV)[""] == 1


def test_the_monthly_trend_lists_every_month_of_the_period_in_tokyo_time():
    period = f.Period(datetime(2026, 10, 1, tzinfo=TOKYO), datetime(2026, 12, 1, tzinfo=TOKYO))
    # 2026-10-31 20:00 UTC is already November 1st in Tokyo.
    late = datetime(2026, 10, 31, 20, tzinfo=UTC)
    trend = f.fan_trend(
        [row(1, closed_at=late, ending="fan"), row(2, closed_at=at(20), ending="trust_lost")],
        period,
        bucket=f.Bucket.MONTH,
        tz=TOKYO,
    )
    assert [(p.period, p.closed, p.fans, p.rate) for p in trend] == [
        ("2026-10", 0, 0, None),
        ("2026-11", 2, 1, 0.5),
    ]


def test_the_weekly_trend_is_keyed_by_monday():
    trend = f.fan_trend([row(closed_at=at(5), ending="fan")], NOV, bucket=f.Bucket.WEEK, tz=TOKYO)
    assert trend[0].period == "2026-10-26"
    assert [p.period for p in trend if p.closed] == ["2026-11-02"]
    assert len(trend) == 6


def test_percentile_interpolates_and_refuses_a_wrong_q():
    assert f.percentile([1, 2, 3, 4], 50) == 2.5
    assert f.percentile([10], 90) == 10
    assert f.percentile([], 50) is None
    with pytest.raises(ValueError):
        f.percentile([1], 101)


def test_response_times_use_opened_for_first_response_and_closed_for_resolution():
    cases = [
        row(1, first_response_minutes=30, resolution_minutes=600, closed_at=at(10)),
        row(2, first_response_minutes=90),
        row(
            3,
            opened_at=at(20, month=10),
            first_response_minutes=5000,
            resolution_minutes=60,
            closed_at=at(3),
        ),
    ]
    times = f.response_times(cases, NOV)
    assert (times["first_response"].count, times["first_response"].median) == (2, 60)
    assert (times["resolution"].count, times["resolution"].median) == (2, 330)
    assert times["resolution"].p90 == pytest.approx(546)


def test_sla_attainment_ignores_clocks_without_a_target():
    cases = [
        row(1, first_response_met=True),
        row(2, first_response_met=False),
        row(3, first_response_met=None),
    ]
    assert f.sla_attainment(cases, NOV)["first_response"] == 0.5
    assert f.sla_attainment(cases, NOV)["resolution"] is None


def test_volume_splits_background_from_the_analyzer_labels():
    cases = [
        row(1, channel="mail", labels=("anger", "customer_mistake")),
        row(2, channel="phone", labels=("anger", "legal_threat")),
        row(3, kind="unreasonable_demand", channel="mail", labels=("bad_timing",)),
    ]
    volume = f.volume(cases, NOV)
    assert volume["kind"] == {"complaint": 2, "unreasonable_demand": 1}
    assert volume["channel"] == {"mail": 2, "phone": 1}
    assert volume["background"] == {"bad_timing": 1, "customer_mistake": 1}
    assert volume["label"] == {"anger": 2, "legal_threat": 1}


def test_open_cases_are_counted_by_stage():
    cases = [
        row(1, stage="hearing"),
        row(2, stage="hearing"),
        row(3, stage="proposal"),
        row(4, closed_at=at(3)),
    ]
    assert f.open_by_stage(cases) == {"hearing": 2, "proposal": 1}


def test_demands_accepted_vs_declined_early_and_how_the_accepted_ended():
    ud = "unreasonable_demand"
    cases = [
        row(1, kind=ud, decision="accept", closed_at=at(9), ending="fan"),
        row(2, kind=ud, decision="accept", stage="executing"),
        row(3, kind=ud, decision="decline", decline_early=True),
        row(4, kind=ud, decision="decline"),
        row(5, kind=ud),
    ]
    figures = f.demand_figures(cases, NOV)
    assert (figures.accepted, figures.declined, figures.declined_early) == (2, 2, 1)
    assert figures.accepted_endings == {"fan": 1}


def test_escalation_takeover_hours():
    rows = [
        f.EscalationRow(case_id=1, raised_at=at(3, 9), accepted_at=at(3, 11)),
        f.EscalationRow(case_id=2, raised_at=at(4, 9), accepted_at=at(4, 13)),
        f.EscalationRow(case_id=3, raised_at=at(5, 9)),
    ]
    figures = f.escalation_figures(rows, NOV)
    assert (figures.raised, figures.taken_over, figures.waiting) == (3, 2, 1)
    assert figures.hours_to_takeover.median == 3


def test_incidents_are_counted_by_each_type():
    assert f.incidents_by_type([("abuse",), ("abuse", "dogeza_demand")]) == {
        "abuse": 2,
        "dogeza_demand": 1,
    }


def test_progress_reports_on_time_count_only_reports_due_already():
    now = at(20)
    rows = [
        f.FollowUpRow(kind="progress_report", status="done", due_at=at(3), done_at=at(3, 9)),
        f.FollowUpRow(kind="progress_report", status="done", due_at=at(4), done_at=at(5)),
        f.FollowUpRow(kind="progress_report", status="open", due_at=at(6)),
        f.FollowUpRow(kind="progress_report", status="open", due_at=at(25)),
        f.FollowUpRow(kind="progress_report", status="skipped", due_at=at(7), done_at=at(7)),
        f.FollowUpRow(kind="visit", status="done", due_at=at(8), done_at=at(8)),
    ]
    cases = [
        row(1, closed_at=at(9), satisfaction=4, referrals=2, new_contracts=1),
        row(2, closed_at=at(9), satisfaction=5),
    ]
    figures = f.followup_figures(rows, cases, NOV, now=now)
    assert (figures.progress_reports_due, figures.progress_reports_on_time) == (3, 1)
    assert figures.on_time_rate == pytest.approx(1 / 3)
    assert figures.visits_done == 1
    assert figures.satisfaction.median == 4.5
    assert figures.satisfaction_scores[5] == 1
    assert (figures.referrals, figures.new_contracts) == (2, 1)


def test_coach_findings_shown_vs_overridden_by_code():
    rows = [
        f.CoachingRow(shown=("excuse", "rule_quoting"), overridden=("excuse",)),
        f.CoachingRow(shown=("excuse", "excuse")),
    ]
    lines = f.coach_figures(rows)
    assert [(line.code, line.shown, line.overridden) for line in lines] == [
        ("excuse", 2, 1),
        ("rule_quoting", 1, 0),
    ]
    assert lines[0].override_rate == 0.5


def test_a_period_is_half_open():
    assert at(1, 0) in NOV
    assert datetime(2026, 12, 1, tzinfo=TOKYO) not in NOV
    assert (datetime(2026, 12, 1, tzinfo=TOKYO) - timedelta(microseconds=1)) in NOV
