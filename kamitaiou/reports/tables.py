"""The report as tables with Japanese headers: shown on the page (with a chart), and
downloaded as CSV or .xlsx — the same numbers everywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from kamitaiou.cases.coaching import ERROR_LABELS
from kamitaiou.cases.labels import label
from kamitaiou.reports import figures as f

Cell = str | int | float | None


@dataclass
class Table:
    """One report table; ``chart`` is the chart kind drawn from its first numeric column."""

    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = "bar"

    def chart_data(self) -> dict[str, Any]:
        """Labels and the first numeric column, for the chart script."""
        return {
            "type": self.chart,
            "title": self.title,
            "label": self.columns[1] if len(self.columns) > 1 else "",
            "labels": [str(row[0]) for row in self.rows],
            "values": [row[1] if isinstance(row[1], int | float) else None for row in self.rows],
        }


def pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def num(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _counts(
    key: str, title: str, definition: str, vocabulary: str, counts: dict[str, int]
) -> Table:
    rows: list[list[Cell]] = [
        [label(vocabulary, code) if code else _("(none)"), count] for code, count in counts.items()
    ]
    return Table(
        key=key, title=title, definition=definition, columns=[title, _("Count")], rows=rows
    )


@dataclass
class Rows:
    #: the figures of the cases themselves (``aggregates.case_figures`` or the reference
    #: ``figures.case_figures`` over ``queries.case_rows``)
    cases: f.CaseFigures
    escalations: list[f.EscalationRow]
    incidents: list[list[str]]
    followups: list[f.FollowUpRow]
    coaching: list[f.CoachingRow]
    #: cases open now by stage (counted by the database, ``queries.open_stages``)
    open_stages: dict[str, int] = field(default_factory=dict)


def build_tables(rows: Rows, period: f.Period, *, bucket: f.Bucket, now: datetime) -> list[Table]:
    """Every table of the report, in the page's order."""
    cases = rows.cases
    return [
        _endings(cases),
        _trend(cases, bucket=bucket),
        _times(cases),
        *_volumes(cases),
        _counts(
            "open_by_stage",
            _("Open cases by stage"),
            _("Cases open now, by the stage they are in: where do cases stall?"),
            "stage",
            rows.open_stages,
        ),
        _demands(cases),
        _escalations(rows.escalations, period),
        _counts(
            "incidents",
            _("Customer harassment incidents by type"),
            _("カスハラ incidents recorded in the period; one incident may have several types."),
            "harassment",
            f.incidents_by_type(rows.incidents),
        ),
        _followups(rows.followups, cases, period, now=now),
        _coach(rows.coaching),
    ]


def _endings(cases: f.CaseFigures) -> Table:
    counts = cases.endings
    table = _counts(
        "endings",
        _("Endings"),
        _(
            "Complaints and unreasonable demands closed in the period, by ending ①②③. "
            "The fan rate is the share of ③ among them."
        ),
        "ending",
        {code: n for code, n in counts.items() if code or n},
    )
    table.chart = "doughnut"
    return table


def _trend(cases: f.CaseFigures, *, bucket: f.Bucket) -> Table:
    points = cases.trend
    return Table(
        key="fan_trend",
        title=_("Fan rate trend"),
        definition=_("The fan rate (%) of the cases closed in each week (from Monday) or month."),
        columns=[
            _("Week") if bucket is f.Bucket.WEEK else _("Month"),
            _("Fan rate (%)"),
            _("Closed"),
            _("Fans"),
        ],
        rows=[[p.period, pct(p.rate), p.closed, p.fans] for p in points],
        chart="line",
    )


def _times(cases: f.CaseFigures) -> Table:
    times = cases.times
    sla = cases.sla
    names = {"first_response": _("First response"), "resolution": _("Resolution")}
    return Table(
        key="response_times",
        title=_("Time to first response and resolution"),
        definition=_(
            "Business hours (Japanese holidays and 年末年始 excluded, pauses while waiting for "
            "the customer excluded) from opening to the first response (cases opened in the "
            "period) and to closing (cases closed in the period). SLA attainment: share of "
            "clocks that met their target."
        ),
        columns=[_("Clock"), _("Median (h)"), _("p90 (h)"), _("SLA attained (%)"), _("Cases")],
        rows=[
            [
                names[key],
                num(None if times[key].median is None else times[key].median / 60),
                num(None if times[key].p90 is None else times[key].p90 / 60),
                pct(sla[key]),
                times[key].count,
            ]
            for key in names
        ],
    )


def _volumes(cases: f.CaseFigures) -> list[Table]:
    volume = cases.volume
    opened = _("Cases opened in the period, by %(what)s.")
    return [
        _counts("by_kind", _("Kind"), opened % {"what": _("kind")}, "kind", volume["kind"]),
        _counts(
            "by_channel",
            _("Channel"),
            opened % {"what": _("the channel of the first message")},
            "channel",
            volume["channel"],
        ),
        _counts(
            "by_background",
            _("Background"),
            opened % {"what": _("background (customer mistake / bad timing / reliance)")},
            "background",
            volume["background"],
        ),
        _counts(
            "by_label",
            _("Analyzer label"),
            opened % {"what": _("what the analyzer read in the customer's messages")},
            "label",
            volume["label"],
        ),
    ]


def _demands(cases: f.CaseFigures) -> Table:
    d = cases.demands
    rows: list[list[Cell]] = [
        [_("Accepted"), d.accepted],
        [_("Declined"), d.declined],
        [_("Declined early"), d.declined_early],
    ]
    rows += [
        [_("Accepted, ended: %(e)s") % {"e": label("ending", code)}, n]
        for code, n in d.accepted_endings.items()
        if code
    ]
    return Table(
        key="demands",
        title=_("Unreasonable demands"),
        definition=_(
            "Unreasonable demands opened in the period by the latest decision of the §5.2 "
            "assessment, and how the accepted ones ended."
        ),
        columns=[_("Decision"), _("Count")],
        rows=rows,
    )


def _escalations(rows: list[f.EscalationRow], period: f.Period) -> Table:
    e = f.escalation_figures(rows, period)
    return Table(
        key="escalations",
        title=_("Legal-threat escalations"),
        definition=_(
            "Escalations to a supervisor raised in the period (§9.5) and the hours until a "
            "supervisor took the case over."
        ),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Raised"), e.raised],
            [_("Taken over"), e.taken_over],
            [_("Waiting"), e.waiting],
            [_("Hours to takeover (median)"), num(e.hours_to_takeover.median)],
            [_("Hours to takeover (p90)"), num(e.hours_to_takeover.p90)],
        ],
    )


def _followups(
    rows: list[f.FollowUpRow], cases: f.CaseFigures, period: f.Period, *, now: datetime
) -> Table:
    fu = f.followups_of(
        rows,
        period,
        now=now,
        scores=cases.satisfaction,
        referrals=cases.referrals,
        new_contracts=cases.new_contracts,
    )
    return Table(
        key="followups",
        title=_("Follow-ups"),
        definition=_(
            "Progress reports due in the period and done by their due time; after-follow "
            "visits done; satisfaction (1–5), referrals and new contracts of cases closed in "
            "the period."
        ),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Progress reports on time (%)"), pct(fu.on_time_rate)],
            [_("Progress reports due"), fu.progress_reports_due],
            [_("Visits done"), fu.visits_done],
            [_("Satisfaction (median)"), num(fu.satisfaction.median)],
            *[
                [_("Satisfaction %(score)d") % {"score": s}, n]
                for s, n in fu.satisfaction_scores.items()
            ],
            [_("Referrals obtained"), fu.referrals],
            [_("New contracts (upsells)"), fu.new_contracts],
        ],
    )


def _coach(rows: list[f.CoachingRow]) -> Table:
    lines = f.coach_figures(rows)
    return Table(
        key="coach",
        title=_("Reply coach findings"),
        definition=_(
            "Findings the reply coach showed while replies of the period were written, and "
            "how many the writer overrode (still present when the reply was saved)."
        ),
        columns=[_("Finding"), _("Shown"), _("Overridden"), _("Overridden (%)")],
        rows=[
            [
                str(ERROR_LABELS.get(line.code, line.code)),
                line.shown,
                line.overridden,
                pct(line.override_rate),
            ]
            for line in lines
        ],
    )
