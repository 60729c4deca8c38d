"""The form a person issues an API token with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.api.models import Scope

EXPIRY_DAYS = [
    ("", _("Never")),
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name (what uses it, e.g. CTI)"),
        max_length=100,
        strip=True,
        error_messages={"required": _("Please enter a name.")},
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ)
    expires_in = forms.TypedChoiceField(
        label=_("Expires"),
        choices=EXPIRY_DAYS,
        coerce=int,
        empty_value=None,
        required=False,
    )
