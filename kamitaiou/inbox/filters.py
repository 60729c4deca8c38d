"""The inbox's filters: read from the query string, every value checked.

An unknown or malformed value is never silently half-applied: it is dropped, the
default is used, and the page says so (``notices``). The canonical query string of a set
of filters (``InboxFilters.query()``) is also what a saved view stores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamitaiou.cases import search
from kamitaiou.cases.labels import JA as LABEL_VOCABULARIES
from kamitaiou.cases.labels import label, stage_label
from kamitaiou.cases.models import CaseKind, Channel
from kamitaiou.method.stages import Stage
from kamitaiou.params import EARLIEST_YEAR, LATEST_YEAR, parse_id, parse_int

TABS = {
    "mine": gettext_lazy("Mine"),
    "team": gettext_lazy("Team"),
    "unassigned": gettext_lazy("Unassigned"),
}
STATUSES = ("open", "closed", "all")
DUE_CHOICES = {
    "overdue": gettext_lazy("Overdue"),
    "today": gettext_lazy("Due today"),
    "3d": gettext_lazy("Due within 3 days"),
    "7d": gettext_lazy("Due within 7 days"),
}
ANGER_CHOICES = {"1": "1", "2": "2", "3": "3"}
#: the assignee filter's two words besides a person's id
ME, NOBODY = "me", "none"
#: The filters with their defaults, in the order of the canonical query string.
DEFAULTS = {
    "tab": "mine",
    "status": "open",
    "q": "",
    "kind": "",
    "stage": "",
    "label": "",
    "anger": "",
    "due": "",
    "sla": "",
    "assignee": "",
    "team": "",
    "channel": "",
    "opened_from": "",
    "opened_to": "",
}
#: Parameters the inbox knows; anything else is a link from elsewhere and is ignored.
KNOWN = (*DEFAULTS, "page", "after", "before")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def analyzer_labels() -> dict[str, str]:
    """Every analyzer label code with its name in the active language."""
    return {code: label("label", code) for code in LABEL_VOCABULARIES["label"]}


@dataclass(frozen=True)
class Choices:
    """What the filters may name beyond fixed words, read once per request by the view:
    the people whose cases ``who`` sees (id → name) and the teams ``who`` sees."""

    people: dict[int, str] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)


@dataclass
class InboxFilters:
    tab: str = "mine"
    status: str = "open"
    q: str = ""
    kind: str = ""
    stage: str = ""
    label: str = ""
    anger: str = ""
    due: str = ""
    sla: str = ""
    assignee: str = ""
    team: str = ""
    channel: str = ""
    opened_from: str = ""
    opened_to: str = ""
    notices: list[str] = field(default_factory=list)
    #: the tab shown without ``?tab=``: a supervisor's own queue is usually empty, so
    #: supervisors and admins start on their teams' cases
    default_tab: str = "mine"
    choices: Choices = field(default_factory=Choices)

    @property
    def terms(self) -> list[str]:
        return search.terms(self.q)

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in DEFAULTS}

    def query(self, **changes: str) -> str:
        """The query string of these filters (without the page), with ``changes``;
        defaults are left out so links stay short, and the order is always the same."""
        values = self.values() | changes
        defaults = DEFAULTS | {"tab": self.default_tab}
        return urlencode({k: v for k, v in values.items() if v and v != defaults[k]})

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond the tab and status narrows the list (the form opens)."""
        return any(getattr(self, name) for name in DEFAULTS if name not in ("tab", "status"))

    def opened_range(self) -> tuple[date | None, date | None]:
        return _date(self.opened_from), _date(self.opened_to)

    def chips(self) -> list[dict[str, Any]]:
        """The active filters a person can remove one by one."""
        shown = {
            "q": lambda v: _("Search: %(q)s") % {"q": v},
            "kind": lambda v: CaseKind(v).label,
            "stage": stage_label,
            "label": lambda v: _("Label: %(label)s") % {"label": label("label", v)},
            "anger": lambda v: _("Anger ≥ %(level)s") % {"level": v},
            "due": lambda v: DUE_CHOICES[v],
            "sla": lambda v: _("SLA breached"),
            "assignee": lambda v: _("Assignee: %(name)s") % {"name": self.assignee_name(v)},
            "team": lambda v: _("Team: %(name)s") % {"name": self.choices.teams[int(v)]},
            "channel": lambda v: Channel(v).label,
            "opened_from": lambda v: _("Opened from %(date)s") % {"date": v},
            "opened_to": lambda v: _("Opened until %(date)s") % {"date": v},
        }
        return [
            {"label": show(getattr(self, name)), "remove": self.query(**{name: ""})}
            for name, show in shown.items()
            if getattr(self, name)
        ]

    def assignee_name(self, value: str) -> str:
        if value == ME:
            return str(_("Me"))
        if value == NOBODY:
            return str(_("Unassigned"))
        return self.choices.people.get(int(value), "—")


def _date(raw: str) -> date | None:
    if not _DATE.fullmatch(raw):
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        return None
    return value if EARLIEST_YEAR <= value.year <= LATEST_YEAR else None


def _notice(name: str, value: str) -> str:
    return _("The filter %(name)s=「%(value)s」 is not known and was ignored.") % {
        "name": name,
        "value": value[:40],
    }


def _checks(choices: Choices) -> dict[str, Any]:
    def person(value: str) -> bool:
        number = parse_id(value)
        return value in (ME, NOBODY) or (number is not None and number in choices.people)

    def team(value: str) -> bool:
        number = parse_id(value)
        return number is not None and number in choices.teams

    return {
        "tab": lambda v: v in TABS,
        "status": lambda v: v in STATUSES,
        "kind": lambda v: v in CaseKind.values,
        "stage": lambda v: v in Stage._value2member_map_,
        "label": lambda v: v in LABEL_VOCABULARIES["label"],
        "anger": lambda v: v in ANGER_CHOICES,
        "due": lambda v: v in DUE_CHOICES,
        "sla": lambda v: v == "breached",
        "assignee": person,
        "team": team,
        "channel": lambda v: v in Channel.values,
        "opened_from": lambda v: _date(v) is not None,
        "opened_to": lambda v: _date(v) is not None,
    }


def parse_filters(
    params: QueryDict, *, default_tab: str = "mine", choices: Choices | None = None
) -> InboxFilters:
    """The inbox filters in ``params``; unknown values fall back to the default."""
    choices = choices or Choices()
    filters = InboxFilters(tab=default_tab, default_tab=default_tab, choices=choices)
    for name, valid in _checks(choices).items():
        raw = params.get(name, "")
        if raw == "":
            continue
        if valid(raw):
            setattr(filters, name, raw)
        else:
            filters.notices.append(_notice(name, raw))
    start, end = filters.opened_range()
    if start and end and start > end:
        filters.notices.append(
            _("The start of the date range was after its end; both were swapped.")
        )
        filters.opened_from, filters.opened_to = filters.opened_to, filters.opened_from
    raw_q = params.get("q", "")
    filters.q = " ".join(search.terms(raw_q))
    if len(raw_q) > search.MAX_QUERY or len(raw_q.split()) > search.MAX_TERMS:
        filters.notices.append(
            _("The search was shortened to %(limit)d characters and %(terms)d words.")
            % {"limit": search.MAX_QUERY, "terms": search.MAX_TERMS}
        )
    page = params.get("page", "")
    if page and parse_int(page, low=1, high=10**9) is None:
        filters.notices.append(_notice("page", page))
    return filters


def page_number(params: QueryDict) -> int:
    """The page asked for (1 when missing or malformed; the paginator clamps the rest)."""
    return parse_int(params.get("page", ""), low=1, high=10**9) or 1


def filter_names() -> tuple[str, ...]:
    """The names of the fields a saved view keeps (every filter)."""
    return tuple(f.name for f in fields(InboxFilters) if f.name in DEFAULTS)
