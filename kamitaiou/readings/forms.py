"""The correction form of one message (one per message on the case page, prefixed by its id)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases.reading import label_ja
from kamitaiou.readings.actions import ADDABLE, MAX_WORDS, Reading, find_words

ANGER_CHOICES = [(str(n), str(n)) for n in range(4)]


class CorrectionForm(forms.Form):
    anger = forms.TypedChoiceField(
        label=_("Anger (0–3)"),
        choices=ANGER_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "anger-choice"}),
    )
    remove = forms.MultipleChoiceField(
        label=_("Remove a wrong label"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_label = forms.ChoiceField(label=_("Add a missing label"), required=False)
    add_words = forms.CharField(
        label=_("The words that show it"),
        required=False,
        max_length=MAX_WORDS,
        strip=True,
    )

    def __init__(self, *args: Any, text: str, reading: Reading, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"anger": str(reading.anger)})
        super().__init__(*args, **kwargs)
        self.text = text
        self.reading = reading
        self.fields["remove"].choices = [(label, label_ja(label)) for label in reading.labels]  # type: ignore[attr-defined]
        self.fields["add_label"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (label, label_ja(label)) for label in ADDABLE if label not in reading.labels
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        label, words = data.get("add_label") or "", data.get("add_words") or ""
        if label and not words:
            self.add_error("add_words", _("Type the words of the message that show this label."))
        elif words and not label:
            self.add_error("add_label", _("Choose the label these words show."))
        elif words and find_words(self.text, words) is None:
            self.add_error("add_words", _("These words do not occur in the message."))
        if (
            not self.errors
            and data.get("anger") == self.reading.anger
            and not data.get("remove")
            and not label
        ):
            raise forms.ValidationError(_("Nothing to correct: change the anger or a label."))
        return data
