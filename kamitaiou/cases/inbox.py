"""The inbox's filters: read from the query string, every value checked.

An unknown or malformed value is never silently half-applied: it is dropped, the
default is used, and the page says so (``notices``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamitaiou.cases import search
from kamitaiou.cases.labels import stage_label
from kamitaiou.cases.models import CaseKind
from kamitaiou.method.stages import Stage
from kamitaiou.params import parse_int

TABS = {
    "mine": gettext_lazy("Mine"),
    "team": gettext_lazy("Team"),
    "unassigned": gettext_lazy("Unassigned"),
}
STATUSES = ("open", "closed", "all")
DEFAULTS = {"tab": "mine", "kind": "", "stage": "", "status": "open", "q": ""}
#: Parameters the inbox knows; anything else is a link from elsewhere and is ignored.
KNOWN = (*DEFAULTS, "page")


@dataclass
class InboxFilters:
    tab: str = "mine"
    kind: str = ""
    stage: str = ""
    status: str = "open"
    q: str = ""
    notices: list[str] = field(default_factory=list)
    #: the tab shown without ``?tab=``: a supervisor's own queue is usually empty, so
    #: supervisors and admins start on their teams' cases
    default_tab: str = "mine"

    @property
    def terms(self) -> list[str]:
        return search.terms(self.q)

    def query(self, **changes: str) -> str:
        """The query string of these filters (without the page), with ``changes``;
        defaults are left out so links stay short."""
        values = {name: getattr(self, name) for name in DEFAULTS} | changes
        defaults = DEFAULTS | {"tab": self.default_tab}
        return urlencode({k: v for k, v in values.items() if v and v != defaults[k]})

    def chips(self) -> list[dict[str, Any]]:
        """The active filters a person can remove one by one."""
        chips = []
        if self.q:
            chips.append({"label": _("Search: %(q)s") % {"q": self.q}, "remove": self.query(q="")})
        if self.kind:
            chips.append({"label": CaseKind(self.kind).label, "remove": self.query(kind="")})
        if self.stage:
            chips.append({"label": stage_label(self.stage), "remove": self.query(stage="")})
        return chips


def _notice(name: str, value: str) -> str:
    return _("The filter %(name)s=「%(value)s」 is not known and was ignored.") % {
        "name": name,
        "value": value[:40],
    }


def parse_filters(params: QueryDict, *, default_tab: str = "mine") -> InboxFilters:
    """The inbox filters in ``params``; unknown values fall back to the default."""
    filters = InboxFilters(tab=default_tab, default_tab=default_tab)
    checks = {
        "tab": lambda v: v in TABS,
        "kind": lambda v: v in CaseKind.values,
        "stage": lambda v: v in Stage._value2member_map_,
        "status": lambda v: v in STATUSES,
    }
    for name, valid in checks.items():
        raw = params.get(name, "")
        if raw == "":
            continue
        if valid(raw):
            setattr(filters, name, raw)
        else:
            filters.notices.append(_notice(name, raw))
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
