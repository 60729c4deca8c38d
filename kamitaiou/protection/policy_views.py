"""The company policy pages: read and acknowledge, the banner, publish, who has not."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamitaiou.cases.actions import ActionError
from kamitaiou.params import parse_id
from kamitaiou.protection import policy
from kamitaiou.protection.desk_access import is_admin
from kamitaiou.protection.desk_forms import PolicyForm
from kamitaiou.protection.desk_models import PolicyVersion


def _admin_only(request: HttpRequest) -> None:
    if not is_admin(request):
        raise Http404(_("ページが見つかりません。"))


def _version_for_admin(request: HttpRequest, version_id: int) -> PolicyVersion:
    _admin_only(request)
    version = PolicyVersion.objects.filter(pk=parse_id(str(version_id)) or 0).first()
    if version is None:
        raise Http404(_("該当する版はありません。"))
    return version


@require_GET
@login_required
def policy_current(request: HttpRequest) -> HttpResponse:
    version = policy.current_policy()
    return render(
        request,
        "protection/desk/policy.html",
        {
            "version": version,
            "can_acknowledge": policy.needs_acknowledgement(request.user, version),
            "can_manage": is_admin(request),
        },
    )


@require_POST
@login_required
def policy_acknowledge(request: HttpRequest, version_id: int) -> HttpResponse:
    version = PolicyVersion.objects.filter(pk=parse_id(str(version_id)) or 0).first()
    if version is None:
        raise Http404(_("該当する版はありません。"))
    try:
        policy.do_acknowledge_policy(request.user, version)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("基本方針を確認しました。"))
    return redirect("policy_current")


@require_GET
@login_required
def policy_banner(request: HttpRequest) -> HttpResponse:
    """htmx partial on every page: a banner until the person acknowledges the newest
    version (loaded after the page, so the page's own query count is unchanged)."""
    version = policy.current_policy()
    return render(
        request,
        "protection/desk/_policy_banner.html",
        {"version": version, "show": policy.needs_acknowledgement(request.user, version)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def policy_manage(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    current = policy.current_policy()
    initial = {}
    if current is not None:
        initial = {
            "title": current.title,
            "policy_text": current.policy_text,
            "handbook_text": current.handbook_text,
        }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = policy.do_publish_policy(request.user, **form.cleaned_data)
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("第%(number)s版を公開しました。全員にもう一度確認をお願いします。")
                % {"number": version.number},
            )
            return redirect("policy_manage")
    versions = PolicyVersion.objects.annotate(acks=Count("acknowledgements")).select_related(
        "published_by"
    )[:50]
    staff_count = policy.staff_members().count()
    rows = [{"version": v, "pending": max(staff_count - v.acks, 0)} for v in versions]  # type: ignore[attr-defined]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "protection/desk/policy_manage.html",
        {"form": form, "rows": rows, "staff_count": staff_count},
        status=status,
    )


@require_GET
@login_required
def policy_pending(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_for_admin(request, version_id)
    people = list(policy.not_acknowledged(version).prefetch_related("teams")[:1000])
    return render(
        request, "protection/desk/policy_pending.html", {"version": version, "people": people}
    )
