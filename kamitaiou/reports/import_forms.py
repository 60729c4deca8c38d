"""The upload form of the import (the team to import into, the file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.reports.import_files import MAX_BYTES
from kamitaiou.reports.import_jobs import import_teams


class UploadForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput({"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = import_teams(user).order_by("name")  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too big (at most 25 MB)."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a CSV or Excel (.xlsx) file."))
        return upload


class RunForm(forms.Form):
    skip_invalid = forms.BooleanField(label=_("Skip the rows with errors"), required=False)
