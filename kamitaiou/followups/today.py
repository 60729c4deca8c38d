"""The today page (「今日の予定」), built here so the template only renders.

Everybody sees what is on their plate — overdue, due today, the next 7 days — and a
supervisor also their teams' SLA breaches and overdue follow-ups. Every section is grouped
by team and kind with a count per group (a supervisor with 100 breaches sees a handful of
lines, not 100 cards), a group shows its first few rows and links to the whole group,
paginated. Each section costs two queries (counts per group, first rows per group) however
many follow-ups there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.accounts.models import Role
from kamitaiou.followups.access import FollowUpRights, visible_followups
from kamitaiou.followups.models import FollowUp, Status
from kamitaiou.followups.panel import RELATED, Row, row_for
from kamitaiou.method.followups import DEFAULT_CALENDAR, FollowUpKind
from kamitaiou.method.followups.business_calendar import format_ja
from kamitaiou.params import parse_id

#: Rows a group shows on the today page before "show all".
GROUP_PREVIEW = 5
#: Rows per page when one group (or section) is shown on its own.
PAGE_SIZE = 25
#: A section with at most this many follow-ups shows its groups open.
OPEN_UP_TO = 10
SLA = FollowUpKind.SLA_BREACH_ESCALATION


def on_my_plate(user: Any) -> Q:
    """Follow-ups ``user`` answers for: theirs, their cases' unnamed ones, and the SLA
    breaches of the cases assigned to them (escalated to a supervisor, but the customer is
    still waiting on them — an operator whose cases are breached is not "0 overdue")."""
    return (
        Q(owner=user)
        | Q(owner__isnull=True, case__assignee=user)
        | Q(kind=SLA, case__assignee=user)
    )


@dataclass(frozen=True)
class SectionSpec:
    key: str
    anchor: str
    title: str
    empty: str
    css: str = ""


def _specs(supervisor: bool) -> list[SectionSpec]:
    specs = [
        SectionSpec("overdue", "overdue", _("Overdue"), _("Nothing overdue.")),
        SectionSpec("today", "due-today", _("Due today"), _("Nothing else is due today.")),
        SectionSpec(
            "upcoming", "upcoming", _("Next 7 days"), _("Nothing planned for the next 7 days.")
        ),
    ]
    if supervisor:
        specs += [
            SectionSpec(
                "breaches",
                "sla-breaches",
                _("SLA breaches in my teams"),
                _("No SLA breach."),
                "alert",
            ),
            SectionSpec(
                "team_overdue",
                "team-overdue",
                _("Overdue in my teams"),
                _("Nothing overdue in your teams."),
                "warn",
            ),
        ]
    return specs


def is_supervisor(user: Any) -> bool:
    return user.role in (Role.SUPERVISOR, Role.ADMIN)


def _end_of_today(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


def section_queryset(user: Any, key: str, *, now: datetime) -> QuerySet[FollowUp]:
    """The open follow-ups of one section of ``user``'s today page."""
    end_of_today = _end_of_today(now)
    base = visible_followups(user).filter(status=Status.OPEN)
    mine = on_my_plate(user)
    if key == "overdue":
        return base.filter(mine, due_at__lt=now)
    if key == "today":
        return base.filter(mine, due_at__gte=now, due_at__lt=end_of_today)
    if key == "upcoming":
        return base.filter(
            mine, due_at__gte=end_of_today, due_at__lt=end_of_today + timedelta(days=7)
        )
    if key == "breaches":
        return base.filter(kind=SLA).exclude(mine)
    if key == "team_overdue":
        return base.filter(due_at__lt=now).exclude(kind=SLA).exclude(mine)
    raise ValueError(key)


def _with_team(qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    # A customer-level follow-up (no case) belongs to its customer's team.
    return qs.annotate(
        group_team=Coalesce(F("case__team_id"), F("customer__team_id")),
        group_team_name=Coalesce(F("case__team__name"), F("customer__team__name")),
    )


def _row(rights: FollowUpRights, followup: FollowUp, *, now: datetime) -> Row:
    row = row_for(followup, now=now, rights=rights)
    # An SLA escalation is the supervisor's to close; the assignee sees it (her customer is
    # waiting) without the complete/skip buttons.
    row.handed_up = followup.kind == SLA and not row.can_act
    return row


@dataclass
class Group:
    """One team × kind of a section: how many, the first rows, a link to all of them."""

    label: str
    kind: str
    team_id: int | None
    count: int
    #: the earliest due time of the group, as the collapsed line shows it
    first_due: str = ""
    rows: list[Row] = field(default_factory=list)
    more_url: str = ""
    open: bool = False


@dataclass
class Section:
    spec: SectionSpec
    count: int
    groups: list[Group]


def group_url(key: str, *, team_id: int | None, kind: str, page: int | None = None) -> str:
    params: dict[str, Any] = {"show": key}
    if kind:
        params["kind"] = kind
    if team_id is not None:
        params["team"] = team_id
    if page is not None:
        params["page"] = page
    return "?" + urlencode(params)


def _group_label(kind: str, team_name: str | None, *, several_teams: bool) -> str:
    label = FollowUpKind(kind).label_ja
    return f"{team_name} · {label}" if several_teams and team_name else label


def build_section(
    user: Any, spec: SectionSpec, *, now: datetime, rights: FollowUpRights
) -> Section:
    qs = _with_team(section_queryset(user, spec.key, now=now))
    counts = list(
        qs.values("group_team", "group_team_name", "kind")
        .annotate(n=Count("pk"), first_due=Min("due_at"))
        .order_by()
    )
    total = sum(c["n"] for c in counts)
    if not total:
        return Section(spec=spec, count=0, groups=[])
    several_teams = len({c["group_team"] for c in counts}) > 1
    # SLA breaches first, then the group whose oldest item is the most overdue.
    counts.sort(key=lambda c: (c["kind"] != SLA, c["first_due"], c["group_team_name"] or ""))
    groups = {
        (c["group_team"], c["kind"]): Group(
            label=_group_label(c["kind"], c["group_team_name"], several_teams=several_teams),
            kind=c["kind"],
            team_id=c["group_team"],
            count=c["n"],
            first_due=format_ja(c["first_due"], calendar=DEFAULT_CALENDAR),
            more_url=(
                group_url(spec.key, team_id=c["group_team"], kind=c["kind"])
                if c["n"] > GROUP_PREVIEW
                else ""
            ),
            open=total <= OPEN_UP_TO or len(counts) == 1,
        )
        for c in counts
    }
    first_rows = (
        qs.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("group_team"), F("kind")],
                order_by=[F("due_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=GROUP_PREVIEW)
        .select_related(*RELATED)
        .order_by("due_at", "pk")
    )
    for followup in first_rows:
        group = groups.get((followup.group_team, followup.kind))  # type: ignore[attr-defined]
        if group is not None:
            group.rows.append(_row(rights, followup, now=now))
    return Section(spec=spec, count=total, groups=list(groups.values()))


def today_sections(user: Any, *, now: datetime) -> list[Section]:
    """The sections of ``user``'s today page, grouped and counted."""
    rights = FollowUpRights(user)  # the person's teams are read once for every section
    return [
        build_section(user, spec, now=now, rights=rights) for spec in _specs(is_supervisor(user))
    ]


@dataclass
class GroupPage:
    """One section — or one team × kind of it — on its own page, paginated."""

    spec: SectionSpec
    label: str
    page: Page[Any]
    rows: list[Row]
    previous_url: str
    next_url: str


def _strict_int(raw: str | None) -> int | None:
    """An id or page number of the query string (``kamitaiou.params``); bad ones 404."""
    if raw is None or raw == "":
        return None
    value = parse_id(raw)
    if value is None:
        raise Http404(_("No such list."))
    return value


def group_page(user: Any, params: Any, *, now: datetime) -> GroupPage:
    """``?show=<section>[&team=<id>][&kind=<kind>][&page=<n>]``; unknown values answer 404."""
    specs = {spec.key: spec for spec in _specs(is_supervisor(user))}
    spec = specs.get(params.get("show", ""))
    kind = params.get("kind", "")
    if spec is None or (kind and kind not in {k.value for k in FollowUpKind}):
        raise Http404(_("No such list."))
    team_id = _strict_int(params.get("team"))
    page_number = _strict_int(params.get("page")) or 1
    qs = _with_team(section_queryset(user, spec.key, now=now))
    if kind:
        qs = qs.filter(kind=kind)
    if team_id is not None:
        qs = qs.filter(group_team=team_id)
    paginator = Paginator(qs.select_related(*RELATED).order_by("due_at", "pk"), PAGE_SIZE)
    page = paginator.get_page(page_number)
    rights = FollowUpRights(user)
    rows = [_row(rights, f, now=now) for f in page.object_list]
    label = spec.title
    if kind:
        team_name = rows[0].followup.group_team_name if rows else None  # type: ignore[attr-defined]
        label = f"{spec.title} — {_group_label(kind, team_name, several_teams=True)}"

    def url(number: int) -> str:
        return group_url(spec.key, team_id=team_id, kind=kind, page=number)

    return GroupPage(
        spec=spec,
        label=label,
        page=page,
        rows=rows,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )


def due_count(user: Any, *, now: datetime) -> int:
    """How many follow-ups on ``user``'s plate are due by the end of today (the nav badge):
    the same rows as the today page's "overdue" and "due today" sections."""
    return (
        visible_followups(user)
        .filter(on_my_plate(user), status=Status.OPEN, due_at__lt=_end_of_today(now))
        .count()
    )
