"""The correction of a message's reading (htmx form on the case page; plain POST works too).

Fetch through ``cases.access`` (another team's case → 404), change through
``actions.do_correct_reading``. Someone who sees the case but may not correct it gets 403;
bad input gets the form back with its error (400) and nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import Case, Direction, Interaction
from kamitaiou.readings.actions import can_correct_reading, current_reading, do_correct_reading
from kamitaiou.readings.forms import CorrectionForm
from kamitaiou.readings.models import ReadingCorrection
from kamitaiou.readings.overrides import can_judge_overrides, do_judge_override
from kamitaiou.readings.panel import BOUND, latest_correction_id, message_reading

MAX_ID = 2**62


def _inbound(case: Case, raw: str | None) -> Interaction:
    if not raw or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise Http404(_("No such message."))
    try:
        return (
            case.interactions.filter(direction=Direction.IN)
            .select_related("analysis", "event")
            .annotate(latest_correction=latest_correction_id())
            .get(pk=int(raw))
        )
    except Interaction.DoesNotExist:
        raise Http404(_("No such message.")) from None


def _rejected(
    request: HttpRequest, case: Case, message: Interaction, form: CorrectionForm
) -> HttpResponse:
    if request.headers.get("HX-Request"):
        latest = ReadingCorrection.objects.filter(pk=message.latest_correction).first()  # type: ignore[attr-defined]
        row = message_reading(message, latest, can_correct=True, form=form)
        return render(request, "readings/_message.html", {"row": row, "case": case}, status=400)
    from kamitaiou.cases.views import render_case  # noqa: PLC0415 — the page, with the form

    setattr(request, BOUND, {message.pk: form})
    return render_case(request, case, status=400)


@require_POST
@login_required
def correct_reading(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    if not can_correct_reading(request.user, case):
        raise PermissionDenied
    message = _inbound(case, request.POST.get("interaction"))
    form = CorrectionForm(
        request.POST,
        text=message.text,
        reading=current_reading(message),
        prefix=f"r{message.pk}",
    )
    if not form.is_valid():
        return _rejected(request, case, message, form)
    data = form.cleaned_data
    try:
        do_correct_reading(
            request.user,
            message,
            anger=data["anger"],
            remove=data["remove"],
            add_label=data["add_label"],
            add_words=data["add_words"],
        )
    except ActionError as exc:
        form.add_error(None, exc.message)
        return _rejected(request, case, message, form)
    messages.success(request, _("The reading was corrected."))
    target = reverse("case_detail", args=[case.pk]) + f"#reading-{message.pk}"
    if request.headers.get("HX-Request"):
        # Reload the page (a redirect to the same page with another #fragment would not):
        # the panel shows 訂正済み and the record its new entry.
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(target)


@require_POST
@login_required
def judge_override(request: HttpRequest, case_id: int) -> HttpResponse:
    """「コーチが誤り」 / 「書き手が誤り」 on one overridden finding of a reply."""
    case = get_case_for_user(request, case_id)
    if not can_judge_overrides(request.user, case):
        raise PermissionDenied
    raw = request.POST.get("interaction")
    if not raw or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise Http404(_("No such message."))
    reply = case.interactions.filter(pk=int(raw), direction=Direction.OUT).first()
    if reply is None:
        raise Http404(_("No such message."))
    try:
        do_judge_override(
            request.user,
            reply,
            code=request.POST.get("code", "")[:40],
            verdict=request.POST.get("verdict", "")[:16],
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        from kamitaiou.cases.views import render_case  # noqa: PLC0415

        return render_case(request, case, status=400)
    messages.success(request, _("The verdict was recorded."))
    return redirect(reverse("case_detail", args=[case.pk]) + "#coach-overrides")
