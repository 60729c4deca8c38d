"""Forms of the desk: consultations, check-ins, the policy. Bad input → a field error."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamitaiou.params import parse_id
from kamitaiou.protection.desk_models import CheckIn, Consultation

TODAY_PLUS = timedelta(days=1)


class ConsultationForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("相談の種類"), choices=Consultation.Topic.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("件名"), max_length=200)
    body = forms.CharField(
        label=_("相談内容"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("判断に迷う事例でも相談できます。わかる範囲で書いてください。"),
    )
    occurred_on = forms.DateField(
        label=_("出来事の日（任意）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    share_name_with_supervisor = forms.BooleanField(
        label=_("上長に私の名前を伝えてもよい"),
        required=False,
        help_text=_(
            "チェックしなければ、窓口はあなたの上長にも名前を伝えません。"
            "相談したことで不利益な扱いを受けることはありません。"
        ),
    )

    def clean_occurred_on(self) -> date | None:
        day: date | None = self.cleaned_data.get("occurred_on")
        if day is not None and day > timezone.localdate() + TODAY_PLUS:
            raise forms.ValidationError(_("未来の日付は指定できません。"))
        if day is not None and day.year < 2000:
            raise forms.ValidationError(_("日付が古すぎます。"))
        return day


class ConsultationUpdateForm(forms.Form):
    """The desk's form: status, the case (by number) and incident, a note."""

    status = forms.ChoiceField(label=_("状況"), choices=Consultation.Status.choices)
    case_number = forms.CharField(
        label=_("紐づける案件番号（任意）"), required=False, max_length=20
    )
    incident_id = forms.CharField(label=_("カスハラ記録（任意）"), required=False, max_length=20)
    note = forms.CharField(
        label=_("対応メモ"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, incident_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if incident_choices is not None:
            self.fields["incident_id"].widget = forms.Select(
                choices=[("", _("（なし）")), *incident_choices]
            )

    def clean_case_number(self) -> int | None:
        raw = self.cleaned_data.get("case_number", "").strip().lstrip("#")
        if not raw:
            return None
        number = parse_id(raw)
        if number is None:
            raise forms.ValidationError(_("案件番号は数字で入力してください（例: 123）。"))
        return number

    def clean_incident_id(self) -> int | None:
        raw = self.cleaned_data.get("incident_id", "").strip()
        if not raw:
            return None
        number = parse_id(raw)
        if number is None:
            raise forms.ValidationError(_("カスハラ記録を選び直してください。"))
        return number


class CheckInRecordForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("面談した日時"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    wellbeing = forms.ChoiceField(
        label=_("様子"), choices=CheckIn.Wellbeing.choices, widget=forms.RadioSelect
    )
    how_they_are = forms.CharField(
        label=_("本人の様子"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    agreed = forms.CharField(
        label=_("合意したこと（担当替え・休息・相談窓口の紹介など）"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_held_at(self) -> Any:
        held = self.cleaned_data["held_at"]
        if held > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("未来の日時は指定できません。"))
        if held.year < 2000:
            raise forms.ValidationError(_("日時が古すぎます。"))
        return held


class CheckInDeclineForm(forms.Form):
    note = forms.CharField(
        label=_("辞退の理由（任意）"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    all_remaining = forms.BooleanField(label=_("残りの面談もすべて辞退する"), required=False)


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("表題"), max_length=200)
    policy_text = forms.CharField(
        label=_("基本方針"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 10})
    )
    handbook_text = forms.CharField(
        label=_("対応マニュアル"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 14})
    )
    change_note = forms.CharField(label=_("改定の要点（任意）"), max_length=500, required=False)
