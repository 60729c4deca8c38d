"""The consultation desk (相談窓口) pages. Fetch through ``desk_access``, change through
``desk_actions``; the templates get ``can_*`` flags."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import HarassmentIncident
from kamitaiou.protection import desk_actions
from kamitaiou.protection.desk_access import (
    get_consultation_for_user,
    is_desk,
    visible_consultations,
)
from kamitaiou.protection.desk_forms import ConsultationForm, ConsultationUpdateForm
from kamitaiou.protection.desk_models import Consultation

LIST_LIMIT = 200


@require_GET
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """The desk sees every consultation (with the filer); anyone else their own."""
    desk = is_desk(request)
    qs = visible_consultations(request).select_related("filed_by")
    status = request.GET.get("status", "")
    if status in Consultation.Status.values:
        qs = qs.filter(status=status)
    if not desk:
        qs = qs.filter(filed_by=request.user)  # the desk's own filings show in its list
    return render(
        request,
        "protection/desk/consultations.html",
        {
            "consultations": list(qs[:LIST_LIMIT]),
            "is_desk": desk,
            "statuses": Consultation.Status.choices,
            "status": status,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def consultation_new(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = desk_actions.do_file_consultation(
                request.user,
                topic=data["topic"],
                subject=data["subject"],
                body=data["body"],
                occurred_on=data["occurred_on"],
                share_name_with_supervisor=data["share_name_with_supervisor"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("相談を受け付けました（受付番号 %(number)s）。窓口の担当者だけが読みます。")
                % {"number": consultation.pk},
            )
            return redirect("consultation_detail", consultation_id=consultation.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "protection/desk/consultation_new.html", {"form": form}, status=status)


def _incident_choices(case: Any) -> list[tuple[str, str]] | None:
    if case is None:
        return None
    rows = HarassmentIncident.objects.filter(case=case).order_by("-occurred_at")[:50]
    return [(str(i.pk), f"{i.occurred_at:%Y-%m-%d %H:%M} {'・'.join(i.labels_ja)}") for i in rows]


def _detail(
    request: HttpRequest,
    consultation: Consultation,
    *,
    form: ConsultationUpdateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    desk = is_desk(request)
    if desk and form is None:
        form = ConsultationUpdateForm(
            initial={"status": consultation.status, "incident_id": consultation.incident_id},
            incident_choices=_incident_choices(consultation.case),
        )
    context = {
        "consultation": consultation,
        "can_handle": desk,
        "can_see_filer": desk,
        "notes": list(consultation.notes.select_related("author")) if desk else [],
        "form": form,
    }
    return render(request, "protection/desk/consultation_detail.html", context, status=status)


@require_GET
@login_required
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    return _detail(request, get_consultation_for_user(request, consultation_id))


def _resolve_links(
    request: HttpRequest, form: ConsultationUpdateForm, consultation: Consultation
) -> tuple[Any, Any]:
    """The case (through the access helper) and incident the form names, or form errors."""
    case = None
    number = form.cleaned_data["case_number"]
    if number is not None:
        try:
            case = get_case_for_user(request, number)
        except Http404:
            form.add_error(
                "case_number",
                _("案件 #%(number)s は見つかりません（閲覧できる案件の番号を入力してください）。")
                % {"number": number},
            )
    incident = None
    incident_id = form.cleaned_data["incident_id"]
    linked = case or consultation.case
    if incident_id is not None:
        incident = HarassmentIncident.objects.filter(pk=incident_id, case=linked).first()
        if incident is None:
            form.add_error("incident_id", _("紐づけた案件のカスハラ記録を選んでください。"))
    return case, incident


@require_POST
@login_required
def consultation_update(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = get_consultation_for_user(request, consultation_id)
    if not is_desk(request):
        raise Http404(_("該当する相談はありません。"))
    form = ConsultationUpdateForm(
        request.POST, incident_choices=_incident_choices(consultation.case)
    )
    if form.is_valid():
        case, incident = _resolve_links(request, form, consultation)
        if form.is_valid():
            try:
                desk_actions.do_update_consultation(
                    request.user,
                    consultation,
                    status=form.cleaned_data["status"],
                    case=case,
                    incident=incident,
                    note=form.cleaned_data["note"],
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("相談の対応を記録しました。"))
                return redirect("consultation_detail", consultation_id=consultation.pk)
    return _detail(request, consultation, form=form, status=400)
