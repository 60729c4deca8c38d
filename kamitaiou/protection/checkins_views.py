"""The care pages (ケア面談): my check-ins, the ones I hold, one check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.cases.actions import ActionError
from kamitaiou.method.followups import DEFAULT_CALENDAR
from kamitaiou.method.followups.business_calendar import format_ja
from kamitaiou.protection import checkins
from kamitaiou.protection.desk_access import (
    CheckInRights,
    get_checkin_by_followup,
    get_checkin_for_user,
    is_desk,
    visible_checkins,
)
from kamitaiou.protection.desk_forms import CheckInDeclineForm, CheckInRecordForm
from kamitaiou.protection.desk_models import CheckIn

LIST_LIMIT = 200


def _rows(qs: object) -> list[dict[str, object]]:
    return [
        {"checkin": c, "due": format_ja(c.followup.due_at, calendar=DEFAULT_CALENDAR)}
        for c in qs  # type: ignore[attr-defined]
    ]


@require_GET
@login_required
def checkin_list(request: HttpRequest) -> HttpResponse:
    base = visible_checkins(request).select_related("staff", "supervisor", "followup")
    base = base.order_by("status", "followup__due_at", "pk")
    context = {
        "mine": _rows(base.filter(staff=request.user)[:LIST_LIMIT]),
        "held": _rows(
            base.filter(supervisor=request.user).exclude(staff=request.user)[:LIST_LIMIT]
        ),
        "is_desk": is_desk(request),
        "all_rows": _rows(base[:LIST_LIMIT]) if is_desk(request) else [],
    }
    return render(request, "protection/desk/checkins.html", context)


def _page(
    request: HttpRequest,
    checkin: CheckIn,
    *,
    record_form: CheckInRecordForm | None = None,
    decline_form: CheckInDeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rights = CheckInRights(request, checkin)
    if record_form is None and rights.can_record:
        local = timezone.localtime().replace(second=0, microsecond=0)
        record_form = CheckInRecordForm(initial={"held_at": local.strftime("%Y-%m-%dT%H:%M")})
    if decline_form is None and rights.can_decline:
        decline_form = CheckInDeclineForm()
    context = {
        "checkin": checkin,
        "due": format_ja(checkin.followup.due_at, calendar=DEFAULT_CALENDAR),
        "can_read_record": rights.can_read_record,
        "can_record": rights.can_record,
        "can_decline": rights.can_decline,
        "record_form": record_form if rights.can_record else None,
        "decline_form": decline_form if rights.can_decline else None,
    }
    return render(request, "protection/desk/checkin_detail.html", context, status=status)


@require_GET
@login_required
def checkin_detail(request: HttpRequest, checkin_id: int) -> HttpResponse:
    return _page(request, get_checkin_for_user(request, checkin_id))


@require_GET
@login_required
def checkin_by_followup(request: HttpRequest, followup_id: int) -> HttpResponse:
    """The today page's link of a ``staff_checkin`` follow-up."""
    checkin = get_checkin_by_followup(request, followup_id)
    return redirect("checkin_detail", checkin_id=checkin.pk)


@require_POST
@login_required
def checkin_record(request: HttpRequest, checkin_id: int) -> HttpResponse:
    checkin = get_checkin_for_user(request, checkin_id)
    form = CheckInRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            checkins.do_record_checkin(
                request.user,
                checkin,
                wellbeing=data["wellbeing"],
                how_they_are=data["how_they_are"],
                agreed=data["agreed"],
                held_at=data["held_at"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("面談を記録しました。内容は本人・相談窓口・管理者だけが読めます。")
            )
            return redirect("checkin_detail", checkin_id=checkin.pk)
    return _page(request, checkin, record_form=form, status=400)


@require_POST
@login_required
def checkin_decline(request: HttpRequest, checkin_id: int) -> HttpResponse:
    checkin = get_checkin_for_user(request, checkin_id)
    form = CheckInDeclineForm(request.POST)
    if form.is_valid():
        try:
            rows = checkins.do_decline_checkin(
                request.user,
                checkin,
                note=form.cleaned_data["note"],
                all_remaining=form.cleaned_data["all_remaining"],
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("面談を辞退しました（%(count)s件）。") % {"count": len(rows)}
            )
            return redirect("checkin_detail", checkin_id=checkin.pk)
    return _page(request, checkin, decline_form=form, status=400)
