"""Forms of the inbox: a saved view's name, a bulk action. Every field bounded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.models import Priority
from kamitaiou.inbox.actions import MAX_BULK
from kamitaiou.inbox.models import NAME_LENGTH, QUERY_LENGTH
from kamitaiou.params import parse_id

#: a bulk note is a short internal note (the case page takes longer texts)
NOTE_LENGTH = 2000


class ViewNameForm(forms.Form):
    name = forms.CharField(
        label=_("View name"),
        max_length=NAME_LENGTH,
        error_messages={
            "required": _("Please enter a name for the view."),
            "max_length": _("The name is too long (at most %(limit_value)d characters)."),
        },
    )


class SaveViewForm(ViewNameForm):
    query = forms.CharField(required=False, max_length=QUERY_LENGTH)


class BulkForm(forms.Form):
    """The selected cases and what to do with them (the pressed button's ``action``)."""

    action = forms.ChoiceField(
        choices=[("assign", "assign"), ("priority", "priority"), ("note", "note")],
        error_messages={"required": _("Choose what to do with the selected cases.")},
    )
    assignee = forms.CharField(required=False, max_length=20)
    priority = forms.TypedChoiceField(
        required=False, choices=[("", "—"), *Priority.choices], coerce=int, empty_value=None
    )
    note = forms.CharField(required=False, max_length=NOTE_LENGTH, strip=True)

    def __init__(self, *args: Any, people: dict[int, str], case_ids: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = people
        self.raw_case_ids = case_ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.raw_case_ids:
            raise forms.ValidationError(_("Select at least one case."))
        if len(self.raw_case_ids) > MAX_BULK:
            raise forms.ValidationError(
                _("At most %(limit)d cases at a time.") % {"limit": MAX_BULK}
            )
        ids = [parse_id(raw) for raw in self.raw_case_ids]
        if None in ids:
            raise forms.ValidationError(_("The selection contains an invalid case number."))
        data["case_ids"] = ids
        action = data.get("action")
        if action == "assign":
            person = parse_id(data.get("assignee") or "")
            if person is None or person not in self.people:
                self.add_error("assignee", _("Choose the person to assign."))
            data["assignee"] = person
        elif action == "priority" and data.get("priority") is None:
            self.add_error("priority", _("Choose the priority."))
        elif action == "note" and not data.get("note"):
            self.add_error("note", _("Please enter the note."))
        return data
