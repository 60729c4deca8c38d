"""The report filter: period, team, person, kind — every value checked (issue #15).

A period longer than ``MAX_DAYS``, an end before the start, a team or person the viewer
may not see: a form error on the page, never a 500 and never a silently wider report.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models import CaseKind
from kamitaiou.reports.access import report_people, report_teams, sees_teams
from kamitaiou.reports.figures import Bucket, Period

#: Two years and a day: enough for a year-on-year look, bounded for the database.
MAX_DAYS = 731
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
PERIODS = [
    ("this_month", _("This month")),
    ("last_month", _("Last month")),
    ("custom", _("Custom")),
]


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=None, required=False, empty_label=_("All")
    )
    person = PersonChoice(label=_("Person"), queryset=None, required=False, empty_label=_("All"))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    bucket = forms.ChoiceField(
        label=_("Trend by"),
        required=False,
        choices=[(Bucket.WEEK.value, _("Week")), (Bucket.MONTH.value, _("Month"))],
    )

    def __init__(self, data: Any, *, user: Any, today: date | None = None) -> None:
        super().__init__(data)
        self.user = user
        self.today = today or timezone.localdate()
        self.fields["team"].queryset = report_teams(user)  # type: ignore[attr-defined]
        self.fields["person"].queryset = report_people(user)  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", _("All")), *CaseKind.choices]
        if not sees_teams(user):
            del self.fields["team"]
            del self.fields["person"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("period") or "this_month"
        data["period"] = choice
        data["bucket"] = Bucket(data.get("bucket") or Bucket.WEEK)
        if choice == "custom":
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Give both dates of a custom period."))
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(
                    _("A period can be at most %(days)d days long.") % {"days": MAX_DAYS}
                )
            if not (start >= EARLIEST and end <= LATEST):
                raise forms.ValidationError(_("Dates must lie between 2000 and 2100."))
            first, after = start, end + timedelta(days=1)
        elif choice == "last_month":
            after = month_start(self.today)
            first = month_start(after - timedelta(days=1))
        else:
            first, after = month_start(self.today), next_month(self.today)
        tz = local_tz()
        data["range"] = Period(
            datetime.combine(first, time(), tzinfo=tz), datetime.combine(after, time(), tzinfo=tz)
        )
        data["first_day"], data["last_day"] = first, after - timedelta(days=1)
        return data
