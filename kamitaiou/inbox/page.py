"""What the inbox page shows, built once per request: the filters, one page of rows, the
bounded count, the saved views with their counts, and what the person may do.

Everything that is the same for every row — stage names, the person's teams, the people
they may assign to — is read once here, never per row (the page's query count does not
grow with its rows; tests assert it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone

from kamitaiou.accounts.models import Role, User
from kamitaiou.cases import workflow
from kamitaiou.cases.access import visible_team_ids, visible_teams
from kamitaiou.cases.labels import label
from kamitaiou.cases.models import Case, CaseKind, Channel, Priority
from kamitaiou.inbox import pages
from kamitaiou.inbox.filters import (
    ANGER_CHOICES,
    DUE_CHOICES,
    TABS,
    Choices,
    InboxFilters,
    analyzer_labels,
    parse_filters,
)
from kamitaiou.inbox.models import MAX_VIEWS, NAME_LENGTH, SavedView
from kamitaiou.inbox.query import inbox_queryset
from kamitaiou.inbox.tiles import inbox_tiles

#: people offered in the assignee filter and the bulk "assign to" list
MAX_PEOPLE = 500


def default_tab(request: HttpRequest) -> str:
    lead = request.user.role in (Role.SUPERVISOR, Role.ADMIN)  # type: ignore[union-attr]
    return "team" if lead else "mine"


def choices_for(request: HttpRequest) -> Choices:
    """The people and teams ``request``'s person sees (two queries, once per request)."""
    cached = getattr(request, "_inbox_choices", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    ids = visible_team_ids(request)
    people = User.objects.filter(is_active=True)
    if ids is not None:
        people = people.filter(teams__in=ids).distinct()
    people = people.order_by("display_name", "username")[:MAX_PEOPLE]
    choices = Choices(
        people={person.pk: str(person) for person in people},
        teams=dict(visible_teams(request).values_list("pk", "name")),
    )
    request._inbox_choices = choices  # type: ignore[attr-defined]
    return choices


def filters_for(request: HttpRequest, params: QueryDict) -> InboxFilters:
    return parse_filters(params, default_tab=default_tab(request), choices=choices_for(request))


#: what a row shows: nothing else of a case is read (no deferred field, no per-row query)
ROW_FIELDS = (
    "id",
    "kind",
    "title",
    "stage",
    "priority",
    "opened_at",
    "closed_at",
    "anger",
    "threat",
    "due_at",
    "inbox_rank",
    "inbox_due",
    "customer__name",
    "customer__company",
    "assignee__username",
    "assignee__display_name",
    "assignee__first_name",
    "assignee__last_name",
)


def rows_of(cases: list[Case], *, stage_names: dict[str, str]) -> list[dict[str, Any]]:
    """The rows of the table as plain strings: every name looked up and every time
    formatted once here, so the template only prints (it is most of a page's time)."""
    kinds = {code: label("kind", code) for code in CaseKind.values}
    priorities = {value: str(name) for value, name in Priority.choices}
    link = reverse("case_detail", args=[0]).removesuffix("0/")
    now = timezone.now()
    rows = []
    for case in cases:
        due = timezone.localtime(case.due_at).strftime("%-m/%-d %H:%M") if case.due_at else ""
        rows.append(
            {
                "id": str(case.pk),
                "url": f"{link}{case.pk}/",
                "title": case.title,
                "customer": str(case.customer),
                "kind_code": case.kind,
                "kind": kinds.get(case.kind, case.kind),
                "stage": stage_names.get(case.stage, case.stage),
                "priority_code": case.priority,
                "priority": priorities.get(case.priority, ""),
                "assignee": str(case.assignee) if case.assignee else "—",
                "opened": timezone.localtime(case.opened_at).strftime("%Y-%m-%d %H:%M"),
                "closed": case.closed_at is not None,
                "threat": case.threat,
                "anger": case.anger if case.anger >= 2 else 0,
                "due": due,
                "past_due": case.closed_at is None
                and case.due_at is not None
                and case.due_at < now,
            }
        )
    return rows


def saved_views(request: HttpRequest, current: str) -> list[dict[str, Any]]:
    """The person's saved views, each with its (capped) count: one query per view."""
    rows = []
    for view in SavedView.objects.filter(owner=request.user)[:MAX_VIEWS]:
        filters = filters_for(request, QueryDict(view.query))
        count, capped = pages.capped_count(inbox_queryset(request, filters))
        rows.append(
            {
                "view": view,
                "count": f"{count}+" if capped else str(count),
                "link": filters.query(),
                "active": filters.query() == current,
            }
        )
    return rows


def inbox_context(request: HttpRequest, params: QueryDict) -> dict[str, Any]:
    """Everything the inbox template shows for ``params`` (a GET query)."""
    filters = filters_for(request, params)
    qs = inbox_queryset(request, filters)
    page = pages.fetch(
        qs.only(*ROW_FIELDS), params, size=settings.KAMITAIOU_PAGE_SIZE, notices=filters.notices
    )
    count, capped = pages.capped_count(qs)
    stages = workflow.all_stages()
    choices = filters.choices
    query = filters.query()
    return {
        "page": page,
        "rows": rows_of(page.rows, stage_names=dict(stages)),
        "count": count,
        "count_capped": capped,
        "filters": filters,
        "values": filters.values(),
        "tab": filters.tab,
        "tab_links": [(key, label, filters.query(tab=key)) for key, label in TABS.items()],
        "q": filters.q,
        "chips": filters.chips(),
        "notices": filters.notices,
        "filter_query": query,
        "open_filters": filters.narrowed,
        "kinds": CaseKind.choices,
        "stages": stages,
        "labels": sorted(analyzer_labels().items(), key=lambda item: item[1]),
        "anger_levels": list(ANGER_CHOICES),
        "due_choices": list(DUE_CHOICES.items()),
        "channels": Channel.choices,
        "people": list(choices.people.items()),
        "teams": list(choices.teams.items()),
        "priorities": Priority.choices,
        "saved_views": saved_views(request, query),
        "view_name_length": NAME_LENGTH,
        "can_bulk": bool(page.rows),
        "can_save_view": True,
        "tiles": inbox_tiles(request),
    }
