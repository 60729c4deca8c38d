"""Forms of the incident record, the procedure's steps and the restrictions of service.
Bounded fields; bad input is a form error, never a 500."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.accounts.models import User
from kamitaiou.cases.models import Channel, Direction
from kamitaiou.params import (
    SaneDateField,
    SaneDateTimeField,
    StrictIntegerField,
    StrictModelChoiceField,
)
from kamitaiou.protection.actions import IncidentData
from kamitaiou.protection.models import (
    Category,
    Demand,
    Lawyer,
    Manner,
    Police,
    RestrictionKind,
    StepKind,
)

DATETIME = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    "error_messages": {
        "invalid": _("Enter a valid date and time (e.g. 2026-11-20 14:30)."),
        "required": _("Enter a date and time."),
    },
}
ALONE = [("", _("Not recorded yet")), ("yes", _("Alone")), ("no", _("Not alone"))]


def _text(label: Any, *, required: bool = False, limit: int = 2000, rows: int = 2) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def staff_of(case: Any) -> Any:
    """Who may be named as the person targeted: the members of the case's team."""
    return User.objects.filter(teams=case.team_id, is_active=True).order_by("username")


class OpenIncidentForm(forms.Form):
    targeted = StrictModelChoiceField(
        label=_("Staff member targeted"), queryset=User.objects.none()
    )
    occurred_at = SaneDateTimeField(label=_("Occurred at"), **DATETIME)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targeted"].queryset = staff_of(case)  # type: ignore[attr-defined]

    def clean_occurred_at(self) -> Any:
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The time cannot be in the future."))
        return value


class IncidentForm(OpenIncidentForm):
    categories = forms.MultipleChoiceField(
        label=_("Conduct (several may apply)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Category.choices,
    )
    threat_to_life = forms.BooleanField(
        label=_("Threat to life or body (hand over at once)"), required=False
    )
    demand = forms.ChoiceField(
        label=_("Is the demand legitimate?"),
        required=False,
        choices=_blank(Demand.choices, _("Not judged yet")),
    )
    demand_note = _text(_("About the demand"))
    manner = forms.ChoiceField(
        label=_("Is the manner acceptable?"),
        required=False,
        choices=_blank(Manner.choices, _("Not judged yet")),
    )
    manner_note = _text(_("About the manner"))
    alone = forms.ChoiceField(label=_("Was the staff member alone?"), required=False, choices=ALONE)
    others_present = forms.CharField(
        label=_("Others present"), required=False, max_length=200, strip=True
    )
    duration_minutes = StrictIntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=24 * 60
    )
    summary = _text(_("Course of events"), limit=5000, rows=4)
    police = forms.ChoiceField(label=_("Police"), choices=Police.choices)
    lawyer = forms.ChoiceField(label=_("Lawyer"), choices=Lawyer.choices)
    referral_note = _text(_("About the referral"))

    field_order = [
        "categories",
        "threat_to_life",
        "demand",
        "demand_note",
        "manner",
        "manner_note",
        "targeted",
        "alone",
        "others_present",
        "occurred_at",
        "duration_minutes",
        "channel",
        "summary",
        "police",
        "lawyer",
        "referral_note",
    ]

    def __init__(self, *args: Any, case: Any, incident: Any = None, **kwargs: Any) -> None:
        if incident is not None and not args and "data" not in kwargs:
            kwargs["initial"] = initial_for(incident)
        super().__init__(*args, case=case, **kwargs)

    def incident_data(self) -> IncidentData:
        d = self.cleaned_data
        return IncidentData(
            categories=list(d["categories"]),
            demand=d["demand"],
            demand_note=d["demand_note"],
            manner=d["manner"],
            manner_note=d["manner_note"],
            threat_to_life=d["threat_to_life"],
            targeted=d["targeted"],
            alone={"yes": True, "no": False}.get(d["alone"]),
            others_present=d["others_present"],
            occurred_at=d["occurred_at"],
            duration_minutes=d["duration_minutes"],
            channel=d["channel"],
            summary=d["summary"],
            police=d["police"],
            lawyer=d["lawyer"],
            referral_note=d["referral_note"],
        )


def initial_for(incident: Any) -> dict[str, Any]:
    """The form's starting values from a saved incident."""
    alone = {True: "yes", False: "no"}.get(incident.alone, "")
    return {
        "categories": incident.categories,
        "threat_to_life": incident.threat_to_life,
        "demand": incident.demand,
        "demand_note": incident.demand_note,
        "manner": incident.manner,
        "manner_note": incident.manner_note,
        "targeted": incident.targeted_id,
        "alone": alone,
        "others_present": incident.others_present,
        "occurred_at": timezone.localtime(incident.occurred_at),
        "duration_minutes": incident.duration_minutes,
        "channel": incident.channel,
        "summary": incident.summary,
        "police": incident.police,
        "lawyer": incident.lawyer,
        "referral_note": incident.referral_note,
    }


class EvidenceForm(forms.Form):
    interaction = StrictModelChoiceField(label=_("Message on the record"), queryset=None)
    quote = _text(_("The words, verbatim (empty: the whole message)"), limit=20_000, rows=3)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["interaction"]
        field.queryset = case.interactions.filter(  # type: ignore[attr-defined]
            direction=Direction.IN
        ).order_by("occurred_at")
        field.label_from_instance = (
            lambda i: (  # type: ignore[attr-defined]
                f"{timezone.localtime(i.occurred_at):%Y-%m-%d %H:%M} {i.text[:40]}"
            )
        )


class StepForm(forms.Form):
    step = forms.ChoiceField(
        choices=[c for c in StepKind.choices if c[0] != StepKind.DECIDE_RESTRICTION]
    )
    at = SaneDateTimeField(label=_("When"), **DATETIME)
    wording = _text(_("Wording used"))
    note = _text(_("Note"))


class RestrictionForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Restrictions"),
        widget=forms.CheckboxSelectMultiple,
        choices=RestrictionKind.choices,
    )
    reason = _text(_("Reason (written, on the record)"), required=True, rows=3)
    review_on = SaneDateField(
        label=_("Review on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date (e.g. 2027-02-01).")},
    )


class LiftForm(forms.Form):
    reason = _text(_("Reason for lifting"), required=True, rows=2)


MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


class ReportForm(forms.Form):
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7, required=False)
    team = StrictModelChoiceField(label=_("Team"), queryset=None, required=False)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean_month(self) -> date:
        raw = self.cleaned_data["month"].strip()
        if not raw:
            today = timezone.localdate()
            return today.replace(day=1)
        match = MONTH.match(raw)
        if match is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM (e.g. 2026-11)."))
        return date(int(match[1]), int(match[2]), 1)
