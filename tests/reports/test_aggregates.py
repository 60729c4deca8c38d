"""The figures counted by the database are the figures of the definitions: on random
small datasets, ``aggregates.case_figures`` equals ``figures.case_figures`` over
``queries.case_rows`` (the reference), figure by figure and table by table."""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kamitaiou.cases.models import Case, DemandAssessment, OutcomeRecord
from kamitaiou.followups.models import SlaPause
from kamitaiou.reports import aggregates, clock_cache, queries
from kamitaiou.reports import figures as f
from kamitaiou.reports.access import report_cases
from kamitaiou.reports.models import ReportClock
from tests.conftest import make_case

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
NOV = f.Period(datetime(2026, 11, 1, tzinfo=TOKYO), datetime(2026, 12, 1, tzinfo=TOKYO))
AUTUMN = f.Period(datetime(2026, 10, 1, tzinfo=TOKYO), datetime(2027, 1, 1, tzinfo=TOKYO))
NOW = datetime(2026, 12, 20, 12, tzinfo=TOKYO)
KINDS = ("complaint", "unreasonable_demand", "special_request", "after_follow")
ENDINGS = (None, "trust_lost", "relationship_continues", "fan")
LABELS = ("anger", "legal_threat", "customer_mistake", "bad_timing", "reliance", "urgency")


def moment(rng: random.Random) -> datetime:
    """Somewhere from mid-October to mid-December, often near a month's edge in Tokyo."""
    if rng.random() < 0.2:
        edge = rng.choice((NOV.start, NOV.end))
        return edge + timedelta(minutes=rng.choice((-61, -1, 0, 1, 59)))
    return datetime(2026, 10, 15, tzinfo=TOKYO) + timedelta(minutes=rng.randrange(60 * 24 * 61))


def random_cases(rng: random.Random, actor, count: int) -> None:
    for _ in range(count):
        kind = rng.choice(KINDS)
        case = make_case(actor, assignee=actor, kind=kind, priority=rng.randint(1, 4))
        opened = moment(rng)
        closed = opened + timedelta(hours=rng.randint(1, 400)) if rng.random() < 0.6 else None
        first = opened + timedelta(minutes=rng.randint(1, 3000)) if rng.random() < 0.7 else None
        facts = {"satisfaction": rng.randint(1, 5)} if rng.random() < 0.5 else {}
        Case.objects.filter(pk=case.pk).update(
            opened_at=opened,
            first_response_at=first,
            closed_at=closed,
            stage="closed" if closed else rng.choice(("received", "hearing", "proposal")),
            channel=rng.choice(("", "phone", "mail", "web")),
            labels=rng.sample(LABELS, rng.randint(0, 3)),
            facts=facts,
        )
        for n in range(rng.choice((0, 0, 1, 2))):
            OutcomeRecord.objects.create(
                case=case,
                ending=rng.choice(ENDINGS[1:]),
                trust_before=3,
                trust_after=rng.randint(1, 5),
                referrals=rng.randint(0, 3),
                new_contracts=rng.randint(0, 2),
                recorded_by=actor,
                recorded_at=opened + timedelta(hours=n + 1),
            )
        if kind == "unreasonable_demand":
            for n in range(rng.choice((0, 1, 2))):
                decision = rng.choice(("accept", "decline"))
                DemandAssessment.objects.create(
                    case=case,
                    success_probability=50,
                    expected_value_yen=0,
                    recommendation=decision,
                    recommendation_reason="—",
                    decline_early=rng.random() < 0.5,
                    decision=decision,
                    decided_by=actor,
                    decided_at=opened + timedelta(hours=n + 1),
                )
        if rng.random() < 0.2:
            start = opened + timedelta(hours=rng.randint(1, 30))
            end = start + timedelta(hours=rng.randint(1, 50)) if rng.random() < 0.7 else None
            SlaPause.objects.create(case=case, start=start, end=end, reason="waiting_on_customer")


def reference(cases, period: f.Period, bucket: f.Bucket) -> f.CaseFigures:
    """The definitions over plain rows, every clock computed afresh."""
    ReportClock.objects.all().delete()
    rows = queries.case_rows(cases, period, now=NOW)
    return f.case_figures(rows, period, bucket=bucket, tz=TOKYO)


def _rounded(figures: f.CaseFigures) -> f.CaseFigures:
    times = {
        name: dataclasses.replace(
            summary,
            median=None if summary.median is None else round(summary.median, 6),
            p90=None if summary.p90 is None else round(summary.p90, 6),
        )
        for name, summary in figures.times.items()
    }
    return dataclasses.replace(figures, times=times)


def fast(cases, period: f.Period, bucket: f.Bucket) -> f.CaseFigures:
    return aggregates.case_figures(cases, period, bucket=bucket, tz=TOKYO, now=NOW)


@pytest.mark.parametrize("seed", range(6))
def test_the_database_counts_give_the_same_figures_as_the_definitions(seed, operator_a):
    rng = random.Random(seed)
    random_cases(rng, operator_a, 14)
    cases = report_cases(operator_a)
    for period in (NOV, AUTUMN):
        for bucket in (f.Bucket.MONTH, f.Bucket.WEEK):
            counted = fast(cases, period, bucket)
            # PostgreSQL's percentile_cont may differ from Python's in the last bit
            assert _rounded(counted) == _rounded(reference(cases, period, bucket)), (
                seed,
                period,
                bucket,
            )
    # the datasets are not trivially empty
    assert counted.closed and counted.times["first_response"].count
    assert counted.volume["label"] and counted.satisfaction


def test_a_changed_clock_is_found_by_the_database_and_measured_again(operator_a):
    rng = random.Random(99)
    random_cases(rng, operator_a, 10)
    cases = report_cases(operator_a)
    fast(cases, AUTUMN, f.Bucket.MONTH)  # every clock stored
    assert clock_cache.refresh(queries.period_cases(cases, AUTUMN), now=NOW) == 0
    changed = Case.objects.filter(first_response_at__isnull=True).first()
    assert changed is not None
    Case.objects.filter(pk=changed.pk).update(
        first_response_at=changed.opened_at + timedelta(hours=2)
    )
    paused = Case.objects.exclude(pk=changed.pk).filter(closed_at__isnull=False).first()
    assert paused is not None
    SlaPause.objects.create(
        case=paused,
        start=paused.opened_at + timedelta(minutes=30),
        end=paused.opened_at + timedelta(hours=1),
        reason="time_out",
    )
    counted = fast(cases, AUTUMN, f.Bucket.MONTH)
    assert counted == reference(cases, AUTUMN, f.Bucket.MONTH)


def test_when_every_clock_is_current_the_report_reads_no_case_rows_for_them(operator_a):
    random_cases(random.Random(7), operator_a, 6)
    cases = report_cases(operator_a)
    fast(cases, AUTUMN, f.Bucket.MONTH)
    with CaptureQueriesContext(connection) as seen:
        fast(cases, AUTUMN, f.Bucket.MONTH)
    # the paused cases' check, then the grouped counts only — no full stale-clock search
    assert not [q for q in seen.captured_queries if "NOT EXISTS" in q["sql"]]
    assert len(seen) <= 9
    scope = queries.period_cases(cases, AUTUMN)
    assert clock_cache.refresh(scope, now=NOW) == 0


def test_the_fast_figures_of_an_empty_period_are_the_empty_figures(operator_a):
    cases = report_cases(operator_a)
    assert fast(cases, NOV, f.Bucket.WEEK) == f.case_figures(
        [], NOV, bucket=f.Bucket.WEEK, tz=TOKYO
    )


def test_clocks_stored_before_the_input_columns_are_rewritten_once(operator_a):
    random_cases(random.Random(5), operator_a, 10)
    assert SlaPause.objects.exists()
    cases = report_cases(operator_a)
    fast(cases, AUTUMN, f.Bucket.WEEK)
    # as migration 0005 leaves them: the key and figures kept, the new columns empty
    ReportClock.objects.update(
        kind="", priority=None, opened_at=None, first_response_at=None, closed_at=None, paused=False
    )
    counted = fast(cases, AUTUMN, f.Bucket.WEEK)
    assert clock_cache.refresh(queries.period_cases(cases, AUTUMN), now=NOW) == 0
    assert counted == reference(cases, AUTUMN, f.Bucket.WEEK)
