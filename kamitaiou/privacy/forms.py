"""The view log page's filters: strict, bounded, errors shown on the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.params import MAX_ID, StrictIntegerField


class ViewLogFilter(forms.Form):
    user = forms.CharField(label=_("User (login name)"), required=False, max_length=150)
    case = StrictIntegerField(label=_("Case"), required=False, min_value=1, max_value=MAX_ID)
    customer = StrictIntegerField(
        label=_("Customer"), required=False, min_value=1, max_value=MAX_ID
    )
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        for name in ("since", "until"):
            value = data.get(name)
            if value is not None and not date(2000, 1, 1) <= value <= date(2999, 12, 31):
                self.add_error(name, _("Enter a date between 2000 and 2999."))
        if since and until and since > until:
            self.add_error("until", _("The end is before the start."))
        return data
