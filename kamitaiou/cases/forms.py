"""Forms: every field bounded, every error a clear Japanese message."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases import coaching
from kamitaiou.cases.access import visible_customers, visible_teams
from kamitaiou.cases.models import CaseKind, Channel, Contract, Customer, Direction, Priority
from kamitaiou.cases.picker import picker_label
from kamitaiou.params import SaneDateTimeField, StrictModelChoiceField, parse_id

FUTURE_TOLERANCE = timedelta(minutes=5)
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(540))


def _text_field(label: Any, *, required: bool = True) -> forms.CharField:
    limit = settings.KAMITAIOU_MAX_TEXT
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": limit}),
        error_messages={
            "required": _("Please enter the text."),
            "max_length": _(
                "The text is too long (at most %(limit_value)d characters; it has %(show_value)d)."
            ),
        },
    )


class InteractionForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.IN
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    occurred_at = SaneDateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("Enter a valid date and time (e.g. 2026-11-20 14:30).")},
        help_text=_("Leave empty for now."),
    )
    text = _text_field(_("Content"))
    coach_confirmed = forms.BooleanField(
        label=_("I have checked the content (it may need reporting to a supervisor)"),
        required=False,
    )
    #: a channel of ``reply_channels`` ("mail": メールで送信), empty: only record it
    send = forms.CharField(required=False, max_length=32, strip=True)
    #: the newest customer message the page showed (the guard against replying past new ones)
    seen_inbound = forms.IntegerField(required=False, min_value=0, max_value=2**62)

    def __init__(
        self,
        *args: Any,
        opened_at: datetime | None = None,
        case: Any = None,
        send_offers: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.opened_at = opened_at
        self.case = case
        self.send_offers = {offer.channel: offer for offer in send_offers}

    def clean_send(self) -> str:
        channel: str = self.cleaned_data.get("send") or ""
        if not channel:
            return ""
        offer = self.send_offers.get(channel)
        if offer is None:
            raise forms.ValidationError(_("This reply cannot be sent that way on this case."))
        if not offer.allowed:
            raise forms.ValidationError(offer.reason)
        return channel

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        send = data.get("send")
        if send:
            if data.get("direction") != Direction.OUT:
                self.add_error("send", _("Only a reply to the customer can be sent."))
            elif self.send_offers[send].records_as:
                data["channel"] = self.send_offers[send].records_as
        text = data.get("text")
        if self.case is None or data.get("direction") != Direction.OUT or not text:
            return data
        # The server checks the text itself: what the browser showed is never trusted.
        errors = coaching.error_findings(coaching.check(self.case, text))
        if errors and not data.get("coach_confirmed"):
            reasons = "・".join(dict.fromkeys(f.reason_ja for f in errors))
            self.add_error(
                "coach_confirmed",
                _(
                    "The coach found a serious problem (%(reasons)s). Check the content and "
                    "tick the confirmation before saving."
                )
                % {"reasons": reasons},
            )
        return data

    def clean_occurred_at(self) -> datetime:
        value: datetime | None = self.cleaned_data.get("occurred_at")
        now = timezone.now()
        if value is None:
            return now
        if value > now + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("The time cannot be in the future."))
        if value < EARLIEST:
            raise forms.ValidationError(_("The time is too far in the past."))
        if self.opened_at is not None and value < self.opened_at:
            raise forms.ValidationError(_("The time cannot be before the case was opened."))
        return value


class NewCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        strip=True,
        error_messages={"required": _("Please enter a title.")},
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    team = StrictModelChoiceField(label=_("Team"), queryset=None, empty_label=None)
    customer = StrictModelChoiceField(
        label=_("Existing customer"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("That customer does not exist.")},
    )
    contract = StrictModelChoiceField(
        label=_("Contract"),
        queryset=Contract.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("That contract does not exist.")},
    )
    new_customer_name = forms.CharField(
        label=_("New customer: name"), max_length=200, required=False, strip=True
    )
    new_customer_kana = forms.CharField(
        label=_("Name (kana)"), max_length=200, required=False, strip=True
    )
    new_customer_company = forms.CharField(
        label=_("Company"), max_length=200, required=False, strip=True
    )
    new_customer_phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, strip=True
    )
    new_customer_email = forms.EmailField(label=_("Email"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    first_message = _text_field(_("What the customer said"), required=False)

    def __init__(self, *args: Any, user: Any, customer_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = visible_teams(user)
        # Any visible customer is accepted; only a bounded list is rendered.
        self.fields["customer"].queryset = visible_customers(user)
        self.fields["customer"].widget.choices = [("", "---------")] + [
            (c.pk, picker_label(c)) for c in customer_choices
        ]
        self.customer_qs = visible_customers(user)
        customer_id = parse_id(self.data.get("customer") or self.initial.get("customer"))
        if customer_id is not None:
            self.fields["contract"].queryset = Contract.objects.filter(
                customer__in=self.customer_qs, customer_id=customer_id
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        customer: Customer | None = data.get("customer")
        new_name = data.get("new_customer_name")
        if customer is None and not new_name:
            raise forms.ValidationError(_("Choose a customer or enter a new customer's name."))
        if customer is not None and new_name:
            raise forms.ValidationError(_("Choose an existing customer or a new one, not both."))
        contract = data.get("contract")
        if contract is not None and (customer is None or contract.customer_id != customer.pk):
            self.add_error("contract", _("That contract belongs to another customer."))
        return data
