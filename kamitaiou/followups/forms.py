"""Forms of the follow-ups pages: bounded fields, Japanese errors (via i18n)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.method_forms import DATETIME
from kamitaiou.followups.actions import Completion
from kamitaiou.method.followups import FollowUpKind
from kamitaiou.method.referral import persona_problem
from kamitaiou.params import SaneDateField, SaneDateTimeField, StrictIntegerField

K = FollowUpKind
CHANNELS = [("phone", _("Phone")), ("mail", _("Mail")), ("visit", _("Visit")), ("chat", _("Chat"))]


def _text(label: Any, *, limit: int = 2000, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


class CompleteForm(forms.Form):
    """Every field a completion may need; ``clean`` asks for the ones the kind needs."""

    note = _text(_("Note"))
    report_text = _text(_("What you reported"), limit=20_000, rows=3)
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNELS, required=False)
    improved = forms.ChoiceField(
        label=_("Did the situation improve?"),
        choices=[("", "—"), ("yes", _("Improved")), ("no", _("Not improved"))],
        required=False,
    )
    visit_at = SaneDateTimeField(label=_("Visit at"), required=False, **DATETIME)
    score = forms.TypedChoiceField(
        label=_("Satisfaction (1–5)"),
        choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    liked = forms.CharField(label=_("What the customer liked"), required=False, max_length=200)
    persona = _text(_("Who to ask about (a concrete persona)"), limit=2000, rows=3)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = FollowUpKind(kind)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required = {
            K.PROGRESS_REPORT: ("report_text", _("Enter what you reported.")),
            K.VERIFICATION_CHECK: ("improved", _("Choose whether the situation improved.")),
            K.CONFIRM_SCHEDULE_CALL: ("visit_at", _("Enter the visit date agreed on the phone.")),
            K.SATISFACTION_QUESTION: ("score", _("Choose a satisfaction score from 1 to 5.")),
            K.REFERRAL_REQUEST: ("persona", _("Enter the persona you asked about.")),
        }.get(self.kind)
        if required is not None:
            name, message = required
            if name not in self.errors and data.get(name) in (None, ""):
                self.add_error(name, message)
        persona = data.get("persona")
        if self.kind is K.REFERRAL_REQUEST and persona and (problem := persona_problem(persona)):
            self.add_error("persona", problem)
        return data

    def completion(self) -> Completion:
        data = self.cleaned_data
        improved = {"yes": True, "no": False}.get(data.get("improved") or "")
        return Completion(
            note=data.get("note") or "",
            report_text=data.get("report_text") or "",
            channel=data.get("channel") or "phone",
            improved=improved,
            visit_at=data.get("visit_at"),
            score=data.get("score"),
            liked=data.get("liked") or "",
            persona=data.get("persona") or "",
        )


class SkipForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for skipping"),
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        error_messages={"required": _("Enter why you skip this follow-up.")},
    )


class PauseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, strip=True)


class CadenceForm(forms.Form):
    hours = StrictIntegerField(
        label=_("Progress report every (hours)"),
        min_value=1,
        max_value=24 * 90,
        error_messages={
            "required": _("Enter the number of hours."),
            "invalid": _("Enter a whole number of hours."),
            "min_value": _("Enter at least 1 hour."),
            "max_value": _("Enter at most 2160 hours (90 days)."),
        },
    )


class ContractForm(forms.Form):
    product = forms.CharField(label=_("Product / service"), max_length=200, strip=True)
    start_date = SaneDateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = SaneDateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = _text(_("Terms"), limit=50_000, rows=4)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data
