"""The case figures counted by the database: bounded work whatever the period (ADR 0018).

``queries.case_rows`` + ``figures.case_figures`` stay the definition (and the tests'
reference); this module gives the same ``CaseFigures`` from grouped counts — a handful of
small result sets — instead of one Python row per case. Medians and p90s are
``percentile_cont`` on PostgreSQL; SQLite has no percentile, so there the one integer
column is read, sorted by the database, and interpolated by ``figures.percentile``. The SLA
figures come from ``ReportClock``, brought up to date first (``clock_cache.refresh``).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth, TruncWeek

from kamitaiou.cases.models import Case, DemandAssessment, OutcomeRecord
from kamitaiou.reports import clock_cache, queries
from kamitaiou.reports import figures as f

SCORES = range(1, 6)


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(q) WITHIN GROUP (ORDER BY x)`` — linear
    interpolation, as ``figures.percentile``; NULLs are left out."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _opened(cases: QuerySet[Case], period: f.Period) -> QuerySet[Case]:
    return cases.filter(opened_at__gte=period.start, opened_at__lt=period.end).order_by()


def _closed(cases: QuerySet[Case], period: f.Period) -> QuerySet[Case]:
    return cases.filter(closed_at__gte=period.start, closed_at__lt=period.end).order_by()


def _latest(model: Any, order: str, field: str) -> Subquery:
    """The latest ``model`` row's ``field`` of the outer case (as ``queries._latest``)."""
    rows = model.objects.filter(case=OuterRef("pk")).order_by(f"-{order}", "-pk")
    return Subquery(rows.values(field)[:1])


def _ending() -> Subquery:
    return _latest(OutcomeRecord, "recorded_at", "ending")


def _clocks(cases: QuerySet[Case], clock: str) -> tuple[f.Summary, float | None] | None:
    """Count, median and p90 of the ``<clock>_minutes`` of ``cases``, and the share of
    their ``<clock>_met`` that is true (clocks without a target left out); ``None`` when a
    stored clock is missing or stale (then ``clock_cache.refresh`` and ask again)."""
    minutes, met = f"report_clock__{clock}_minutes", f"report_clock__{clock}_met"
    aggregates: dict[str, Any] = {
        "cases": Count("pk"),
        "current": Count("pk", filter=clock_cache.current_q()),
        "n": Count(minutes),
        "met": Count("pk", filter=Q(**{met: True})),
        "known": Count("pk", filter=Q(**{f"{met}__isnull": False})),
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        aggregates["median"] = PercentileCont(minutes, 0.5)
        aggregates["p90"] = PercentileCont(minutes, 0.9)
    found = cases.aggregate(**aggregates)
    if found["current"] != found["cases"]:
        return None
    attained = f.rate(found["met"], found["known"])
    if postgres:
        return f.Summary(count=found["n"], median=found["median"], p90=found["p90"]), attained
    # SQLite: one integer column, sorted by the database, interpolated here
    column = cases.filter(**{f"{minutes}__isnull": False}).order_by(minutes)
    return f.summarise(column.values_list(minutes, flat=True)), attained


def _closed_part(
    closed: QuerySet[Case], period: f.Period, *, bucket: f.Bucket, tz: tzinfo
) -> tuple[dict[str, int], list[f.TrendPoint], list[int], int, int]:
    """Endings, the fan trend, satisfaction scores, referrals and new contracts of the
    closed cases — one grouped query (kind × latest ending × trend bucket)."""
    latest = OutcomeRecord.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk")
    trunc = TruncMonth if bucket is f.Bucket.MONTH else TruncWeek
    rows = (
        closed.annotate(
            last_ending=Subquery(latest.values("ending")[:1]),
            last_referrals=Subquery(latest.values("referrals")[:1]),
            last_contracts=Subquery(latest.values("new_contracts")[:1]),
            bucket=trunc("closed_at", tzinfo=tz),
        )
        .values("kind", "last_ending", "bucket")
        .annotate(
            n=Count("pk"),
            referrals=Sum("last_referrals"),
            contracts=Sum("last_contracts"),
            **{f"s{score}": Count("pk", filter=Q(facts__satisfaction=score)) for score in SCORES},
        )
    )
    endings: list[tuple[str | None, int]] = []
    trend: list[tuple[str, int, int]] = []
    scores: list[int] = []
    referrals = contracts = 0
    for row in rows:
        if row["kind"] in f.FAN_RATE_KINDS:
            n = row["n"]
            endings.append((row["last_ending"], n))
            name = f.bucket_of(row["bucket"], bucket=bucket, tz=tz)
            trend.append((name, n, n if row["last_ending"] == f.FAN else 0))
        referrals += row["referrals"] or 0
        contracts += row["contracts"] or 0
        for score in SCORES:
            scores += [score] * row[f"s{score}"]
    return (
        f.ending_tally(endings),
        f.trend_of(trend, period, bucket=bucket, tz=tz),
        sorted(scores),
        referrals,
        contracts,
    )


def _volume(opened: QuerySet[Case]) -> dict[str, dict[str, int]]:
    pairs = list(opened.values_list("kind", "channel").annotate(n=Count("pk")))
    background: list[str] = []
    labels: list[str] = []
    for found in opened.exclude(labels=[]).values_list("labels", flat=True):
        for label in found or ():
            (background if label in f.BACKGROUND_LABELS else labels).append(label)
    return {
        "kind": f.tally((kind, n) for kind, _channel, n in pairs),
        "channel": f.tally((channel, n) for _kind, channel, n in pairs),
        "background": f.count_by(background),
        "label": f.count_by(labels),
    }


def _demands(opened: QuerySet[Case]) -> f.DemandFigures:
    rows = (
        # only the demands assessed at all can be accepted or declined
        opened.filter(
            Exists(DemandAssessment.objects.filter(case=OuterRef("pk"))),
            kind="unreasonable_demand",
        )
        .annotate(
            decision=_latest(DemandAssessment, "decided_at", "decision"),
            early=_latest(DemandAssessment, "decided_at", "decline_early"),
            last_ending=_ending(),
            is_closed=ExpressionWrapper(Q(closed_at__isnull=False), output_field=BooleanField()),
        )
        .values("decision", "early", "last_ending", "is_closed")
        .annotate(n=Count("pk"))
    )
    accepted = declined = early = 0
    endings: list[tuple[str | None, int]] = []
    for row in rows:
        if row["decision"] == "accept":
            accepted += row["n"]
            if row["is_closed"]:
                endings.append((row["last_ending"], row["n"]))
        elif row["decision"] == "decline":
            declined += row["n"]
            early += row["n"] if row["early"] else 0
    return f.DemandFigures(
        accepted=accepted,
        declined=declined,
        declined_early=early,
        accepted_endings=f.tally(endings),
    )


def case_figures(
    cases: QuerySet[Case], period: f.Period, *, bucket: f.Bucket, tz: tzinfo, now: datetime
) -> f.CaseFigures:
    """``figures.case_figures`` of ``cases`` in ``period``, counted by the database."""
    opened = _opened(cases, period)
    closed = _closed(cases, period)
    scope = queries.period_cases(cases, period)
    clock_cache.refresh(scope, now=now, paused_only=True)
    first, resolution = _clocks(opened, "first_response"), _clocks(closed, "resolution")
    if first is None or resolution is None:  # a clock changed since the last report
        clock_cache.refresh(scope, now=now)
        first, resolution = _clocks(opened, "first_response"), _clocks(closed, "resolution")
        assert first is not None and resolution is not None
    (first_times, first_met), (resolution_times, resolution_met) = first, resolution
    endings, trend, scores, referrals, contracts = _closed_part(
        closed, period, bucket=bucket, tz=tz
    )
    return f.CaseFigures(
        endings=endings,
        trend=trend,
        times={"first_response": first_times, "resolution": resolution_times},
        sla={"first_response": first_met, "resolution": resolution_met},
        volume=_volume(opened),
        demands=_demands(opened),
        satisfaction=scores,
        referrals=referrals,
        new_contracts=contracts,
    )
