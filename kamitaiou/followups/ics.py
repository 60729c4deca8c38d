"""A person's private calendar (ICS): their open follow-ups and the visits of their cases.

UIDs are stable (``followup-<id>@…``, ``visit-<id>@…``) so a calendar app updates an
entry instead of duplicating it; times carry TZID=Asia/Tokyo with its VTIMEZONE.

Bounded: only entries from ``PAST_DAYS`` ago to ``FUTURE_DAYS`` ahead are read (a visit
"on 9999-12-31" stored before the forms had bounds stays out of the feed), and an entry
that cannot be written is logged and left out rather than breaking the whole feed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from kamitaiou.cases.access import visible_cases
from kamitaiou.cases.models import Visit
from kamitaiou.followups.access import visible_followups
from kamitaiou.followups.models import Status
from kamitaiou.method.followups import FollowUpKind

TOKYO = ZoneInfo("Asia/Tokyo")
FEED_LIMIT = 500
PAST_DAYS = 30
#: Visits are planned at most two years ahead; a little more so none is cut off.
FUTURE_DAYS = 3 * 366
logger = logging.getLogger(__name__)


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "kamitaiou.local"


def _event(*, uid: str, start: datetime, minutes: int, summary: str, text: str, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start.astimezone(TOKYO))
    event.add("dtend", (start + timedelta(minutes=minutes)).astimezone(TOKYO))
    event.add("summary", summary)
    event.add("description", text)
    event.add("url", url)
    return event


def build_calendar(user: Any, *, now: datetime | None = None) -> bytes:
    """The ICS text of ``user``'s feed (only what ``user`` may see and must act on)."""
    now = now or timezone.now()
    since = now - timedelta(days=PAST_DAYS)
    until = now + timedelta(days=FUTURE_DAYS)
    site = settings.KAMITAIOU_SITE_URL
    cal = Calendar()
    cal.add("prodid", "-//Kamitaiou//神対応//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"神対応 {user}")
    cal.add("x-wr-timezone", "Asia/Tokyo")
    followups = (
        visible_followups(user)
        .owned_by(user)
        .filter(status=Status.OPEN, due_at__gte=since, due_at__lte=until)
        .exclude(kind=FollowUpKind.VISIT)  # the visit itself is in the feed below
        .select_related("case", "customer")
        .order_by("due_at", "pk")[:FEED_LIMIT]
    )
    for f in followups:
        text = "\n\n".join(part for part in (f.note, f.script and f"「{f.script}」") if part)
        _add(
            cal,
            uid=f"followup-{f.pk}@{_domain()}",
            start=f.due_at,
            minutes=30,
            summary=f"【{FollowUpKind(f.kind).label_ja}】{f.title}（{f.customer}）",
            text=text,
            url=f"{site}/cases/{f.case_id}/" if f.case_id else f"{site}/today/",
        )
    visits = (
        Visit.objects.filter(
            case__in=visible_cases(user).values("pk"), planned_at__gte=since, planned_at__lte=until
        )
        .filter(Q(case__assignee=user) | Q(planned_by=user))
        .select_related("case", "case__customer")
        .order_by("planned_at", "pk")[:FEED_LIMIT]
    )
    for v in visits:
        _add(
            cal,
            uid=f"visit-{v.pk}@{_domain()}",
            start=v.planned_at,
            minutes=60,
            summary=f"【訪問】{v.case.customer}（#{v.case_id} {v.case.title}）",
            text=v.note,
            url=f"{site}/cases/{v.case_id}/",
        )
    cal.add_missing_timezones()
    return cal.to_ical()


def _add(cal: Calendar, **fields: Any) -> None:
    try:
        cal.add_component(_event(**fields))
    except (ValueError, OverflowError):
        logger.exception("calendar feed: entry %s left out", fields.get("uid"))
