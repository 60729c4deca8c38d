"""Forms of the method panel. Bounded fields, Japanese errors (via i18n)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases import workflow
from kamitaiou.cases.models import CaseKind
from kamitaiou.method.assessment import AssessmentDecision, Level
from kamitaiou.method.facts import Attribution, ScopeQuestion
from kamitaiou.method.harassment import HARASSMENT_LABELS_JA, INCIDENT_TYPES
from kamitaiou.method.outcome import Ending, Impact
from kamitaiou.method.person_time_place import TimeOutReason
from kamitaiou.method.referral import persona_problem
from kamitaiou.params import (
    SaneDateTimeField,
    StrictIntegerField,
    StrictModelChoiceField,
    parse_int,
)

LEVELS = [(level.value, level.label_ja) for level in Level]
DATETIME = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    "error_messages": {
        "invalid": _("Enter a valid date and time (e.g. 2026-11-20 14:30)."),
        "required": _("Enter a date and time."),
    },
}


def _note(label: Any, *, required: bool = False, limit: int = 2000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": limit}),
    )


class MoveForm(forms.Form):
    action = forms.CharField(max_length=40)
    note = _note(_("Note"))
    approval_reason = _note(_("Reason for approval"))


class FactForm(forms.Form):
    fact = forms.ChoiceField(
        choices=[(name, label) for name, (_t, label) in workflow.FACTS.items()]
    )
    value = forms.CharField(
        max_length=2000, strip=True, error_messages={"required": _("Enter a value.")}
    )
    note = _note(_("Note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fact, raw = data.get("fact"), data.get("value")
        if fact is None or raw is None:
            return data
        kind = workflow.FACTS[fact][0]
        if kind is bool:
            if raw not in {"yes", "no"}:
                raise forms.ValidationError(_("Choose yes or no."))
            data["value"] = raw == "yes"
        elif kind is int:
            number = parse_int(raw, low=1, high=5)
            if number is None:
                raise forms.ValidationError(_("Enter a number from 1 to 5."))
            data["value"] = number
        elif fact == "referral_persona" and (problem := persona_problem(raw)):
            self.add_error("value", problem)
        return data


class ProgressReportForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            ("phone", _("Phone")),
            ("mail", _("Mail")),
            ("visit", _("Visit")),
            ("chat", _("Chat")),
        ],
    )
    text = _note(_("What you reported"), required=True, limit=20_000)


class AssessmentForm(forms.Form):
    success_probability = StrictIntegerField(
        label=_("Probability of success (%)"), min_value=0, max_value=100
    )
    risk_cost_yen = StrictIntegerField(
        label=_("Cost if it fails (yen)"), min_value=0, max_value=10**12, initial=0
    )
    risk_liability = forms.ChoiceField(label=_("Liability if it fails"), choices=LEVELS)
    risk_relationship = forms.ChoiceField(label=_("Damage to the relationship"), choices=LEVELS)
    risk_note = _note(_("Risk (notes)"))
    benefit_trust = forms.ChoiceField(label=_("Trust gained if it succeeds"), choices=LEVELS)
    benefit_new_business_yen = StrictIntegerField(
        label=_("Expected new business (yen)"), min_value=0, max_value=10**12, initial=0
    )
    benefit_referrals = StrictIntegerField(
        label=_("Expected referrals"), min_value=0, max_value=10_000, initial=0
    )
    benefit_note = _note(_("Benefit (notes)"))
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(d.value, d.label_ja) for d in AssessmentDecision]
    )


class ScopeForm(forms.Form):
    """The three questions of §5.3, each with an answer and an attribution."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attributions = [("", "---------"), *((a.value, a.label_ja) for a in Attribution)]
        for question in ScopeQuestion:
            self.fields[f"{question.value}_answer"] = _note(question.label_ja, limit=5000)
            self.fields[f"{question.value}_attribution"] = forms.ChoiceField(
                label=_("Responsibility"), choices=attributions, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers = []
        for question in ScopeQuestion:
            answer = data.get(f"{question.value}_answer", "")
            attribution = data.get(f"{question.value}_attribution", "")
            if answer and not attribution:
                self.add_error(
                    f"{question.value}_attribution", _("Say whose responsibility it is.")
                )
            if answer:
                answers.append((question.value, answer, attribution))
        if not answers and not self.errors:
            raise forms.ValidationError(_("Answer at least one question."))
        data["answers"] = answers
        return data

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"{q.value}_answer"], self[f"{q.value}_attribution"]) for q in ScopeQuestion]


class EscalateForm(forms.Form):
    reason = _note(_("Why the supervisor must take over"), required=True)


class ReassignForm(forms.Form):
    assignee = StrictModelChoiceField(label=_("New assignee"), queryset=None)
    reason = _note(_("Reason"), required=True)
    handover_note = _note(_("Handover note"), required=True, limit=5000)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = case.team.members.filter(is_active=True).order_by(
            "username"
        )


class TimeOutForm(forms.Form):
    until = SaneDateTimeField(label=_("Come back at"), **DATETIME)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[(r.value, r.label_ja) for r in TimeOutReason]
    )
    note = _note(_("Note"))


class VisitForm(forms.Form):
    planned_at = SaneDateTimeField(label=_("Visit at"), **DATETIME)
    confirmed = forms.BooleanField(
        label=_("Date and time confirmed with the customer by phone"), required=False
    )
    note = _note(_("Note"))


class IncidentForm(forms.Form):
    labels = forms.MultipleChoiceField(
        label=_("What happened"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(label, HARASSMENT_LABELS_JA[label]) for label in INCIDENT_TYPES],
    )
    what_was_said = _note(_("What was said"), required=True, limit=20_000)
    care_offered = _note(_("Care offered to the staff member"))


class OutcomeForm(forms.Form):
    ending = forms.ChoiceField(
        label=_("Ending"), widget=forms.RadioSelect, choices=[(e.value, e.label_ja) for e in Ending]
    )
    impacts = forms.MultipleChoiceField(
        label=_("What it turned into"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(i.value, i.label_ja) for i in Impact],
    )
    trust_before = StrictIntegerField(label=_("Trust before (1–5)"), min_value=1, max_value=5)
    trust_after = StrictIntegerField(label=_("Trust after (1–5)"), min_value=1, max_value=5)
    referrals = StrictIntegerField(
        label=_("Referrals obtained"), min_value=0, max_value=10_000, initial=0
    )
    new_contracts = StrictIntegerField(
        label=_("New contracts obtained"), min_value=0, max_value=10_000, initial=0
    )


class KindForm(forms.Form):
    to = forms.ChoiceField(label=_("New kind"), choices=CaseKind.choices)
    reason = _note(_("Reason"), required=True)


class BackgroundForm(forms.Form):
    text = _note(_("Background"), limit=5000)


class TakeCaseForm(forms.Form):
    """「自分が担当する」: the reason is required (by the action) only while a supervisor
    holds the case after an escalation (§9.5)."""

    reason = _note(_("Reason for taking over"))
