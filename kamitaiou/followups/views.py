"""Pages of the follow-ups app. Fetch through ``access``, change through ``actions``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.cases.access import get_case_for_user, get_customer_for_user
from kamitaiou.cases.actions import ActionError
from kamitaiou.followups import actions
from kamitaiou.followups.access import FollowUpRights, get_followup_for_user
from kamitaiou.followups.forms import CadenceForm, CompleteForm, ContractForm, PauseForm, SkipForm
from kamitaiou.followups.ics import build_calendar
from kamitaiou.followups.models import CalendarFeed
from kamitaiou.followups.panel import row_for
from kamitaiou.followups.reminders import recipient_of
from kamitaiou.followups.today import due_count, group_page, today_sections
from kamitaiou.followups.undelivered import LIMIT, undelivered_for


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
@login_required
def today(request: HttpRequest) -> HttpResponse:
    """「今日の予定」: grouped sections, or one group on its own (``?show=…``), paginated."""
    now = timezone.now()
    context: dict[str, Any] = {
        "next": request.get_full_path(),
        "undelivered_count": undelivered_for(request.user).count(),
    }
    if "show" in request.GET:
        context["group_page"] = group_page(request.user, request.GET, now=now)
    else:
        context["sections"] = today_sections(request.user, now=now)
    return render(request, "followups/today.html", context)


@require_GET
@login_required
def undelivered(request: HttpRequest) -> HttpResponse:
    """Reminder mails that could not be delivered, with the reason."""
    rows = [
        (delivery, recipient_of(delivery.followup))
        for delivery in undelivered_for(request.user)[:LIMIT]
    ]
    return render(request, "followups/undelivered.html", {"rows": rows, "limit": LIMIT})


@require_GET
@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """htmx partial for the navigation: how many of my follow-ups are due today."""
    count = due_count(request.user, now=timezone.now())
    return render(request, "followups/_badge.html", {"count": count})


def _followup_page(
    request: HttpRequest, followup: Any, *, form: CompleteForm | None = None, status: int = 200
) -> HttpResponse:
    row = row_for(followup, now=timezone.now(), form=form, rights=FollowUpRights(request))
    return render(
        request,
        "followups/followup.html",
        {"row": row, "next": _next(request, "/today/")},
        status=status,
    )


@require_GET
@login_required
def followup_detail(request: HttpRequest, followup_id: int) -> HttpResponse:
    return _followup_page(request, get_followup_for_user(request, followup_id))


@require_POST
@login_required
def complete(request: HttpRequest, followup_id: int) -> HttpResponse:
    followup = get_followup_for_user(request, followup_id)
    form = CompleteForm(request.POST, kind=followup.kind, prefix=f"f{followup.pk}")
    if form.is_valid():
        try:
            actions.do_complete_followup(request.user, followup, done=form.completion())
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Done: %(title)s") % {"title": followup.title})
            return redirect(_next(request, "/today/"))
    followup.refresh_from_db()
    return _followup_page(request, followup, form=form, status=400)


@require_POST
@login_required
def skip(request: HttpRequest, followup_id: int) -> HttpResponse:
    followup = get_followup_for_user(request, followup_id)
    form = SkipForm(request.POST, prefix=f"s{followup.pk}")
    error = None
    if form.is_valid():
        try:
            actions.do_skip_followup(request.user, followup, note=form.cleaned_data["note"])
        except ActionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Skipped: %(title)s") % {"title": followup.title})
            return redirect(_next(request, "/today/"))
    else:
        error = " ".join(form.errors.get("note", []))
    messages.error(request, error)
    followup.refresh_from_db()
    return _followup_page(request, followup, status=400)


def _case_step(request: HttpRequest, case_id: int, step: Any, done: str) -> HttpResponse:
    from kamitaiou.cases.views import render_case  # noqa: PLC0415

    case = get_case_for_user(request, case_id)
    try:
        step(case)
    except ActionError as exc:
        messages.error(request, exc.message)
        return render_case(request, get_case_for_user(request, case_id), status=400)
    messages.success(request, done)
    return redirect("case_detail", case_id=case.pk)


@require_POST
@login_required
def pause(request: HttpRequest, case_id: int) -> HttpResponse:
    form = PauseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _case_step(
        request,
        case_id,
        lambda case: actions.do_pause_sla(request.user, case, note=note),
        _("The SLA clocks are paused while waiting for the customer."),
    )


@require_POST
@login_required
def resume(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_step(
        request,
        case_id,
        lambda case: actions.do_resume_sla(request.user, case),
        _("The SLA clocks run again."),
    )


@require_POST
@login_required
def cadence(request: HttpRequest, case_id: int) -> HttpResponse:
    form = CadenceForm(request.POST)
    if not form.is_valid():
        get_case_for_user(request, case_id)  # 404 before revealing anything
        errors = " ".join(str(e) for e in form.errors.get("hours", []))

        def refuse(case: Any) -> None:
            raise ActionError(errors)

        return _case_step(request, case_id, refuse, "")
    return _case_step(
        request,
        case_id,
        lambda case: actions.do_set_progress_cadence(
            request.user, case, hours=form.cleaned_data["hours"]
        ),
        _("The progress-report cadence was changed."),
    )


@login_required
def new_contract(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A new contract for a customer: its after-follow case starts (§10)."""
    customer = get_customer_for_user(request, customer_id)
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = actions.do_add_contract(request.user, customer, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The contract was added; the after-follow has started."))
            case = contract.cases.order_by("-pk").first()
            return redirect("case_detail", case_id=case.pk) if case else redirect("today")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "followups/new_contract.html", {"form": form, "customer": customer}, status=status
    )


@require_GET
@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics") if feed else ""
    return render(request, "followups/calendar.html", {"feed": feed, "url": url})


@require_POST
@login_required
def calendar_issue(request: HttpRequest) -> HttpResponse:
    actions.do_issue_calendar_token(request.user)
    messages.success(request, _("A new calendar URL was issued. The old URL no longer works."))
    return redirect("calendar_settings")


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    actions.do_revoke_calendar_token(request.user)
    messages.success(request, _("The calendar URL was revoked."))
    return redirect("calendar_settings")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: no login, the unguessable token is the credential."""
    if not 20 <= len(token) <= 64:
        raise Http404(_("No such calendar."))
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404(_("No such calendar."))
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    response = HttpResponse(build_calendar(feed.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kamitaiou.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
