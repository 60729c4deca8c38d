"""Pages of the privacy app: the view log (admins) and a customer's disclosure."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.accounts.models import Role
from kamitaiou.cases.access import get_customer_for_user
from kamitaiou.cases.disclosure import may_disclose
from kamitaiou.params import parse_id
from kamitaiou.privacy import disclosure, document
from kamitaiou.privacy.forms import ViewLogFilter
from kamitaiou.privacy.models import ViewRecord

PAGE = 50


@require_GET
@login_required
def view_log(request: HttpRequest) -> HttpResponse:
    """Who viewed which case and customer, newest first, 50 a page (``?before=ID``)."""
    if request.user.role != Role.ADMIN:  # type: ignore[union-attr]
        raise Http404(_("No such page."))
    form = ViewLogFilter(request.GET or None)
    rows: list[ViewRecord] = []
    older = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        status = 200
        data = form.cleaned_data if form.is_bound else {}
        qs = _filtered(ViewRecord.objects.select_related("user"), data)
        before = parse_id(request.GET.get("before", ""))
        if before is not None:
            qs = qs.filter(id__lt=before)
        rows = list(qs.order_by("-id")[: PAGE + 1])
        if len(rows) > PAGE:
            rows = rows[:PAGE]
            older = rows[-1].pk
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "rows": rows,
        "older": older,
        "query": query.urlencode(),
        "days": settings.KAMITAIOU_VIEW_LOG_DAYS,
    }
    return render(request, "privacy/view_log.html", context, status=status)


def _filtered(qs: Any, data: dict[str, Any]) -> Any:
    if data.get("user"):
        qs = qs.filter(user__username=data["user"])
    if data.get("case"):
        qs = qs.filter(case_id=data["case"])
    if data.get("customer"):
        qs = qs.filter(customer_id=data["customer"])
    zone = timezone.get_current_timezone()
    if data.get("since"):
        qs = qs.filter(at__gte=datetime.combine(data["since"], time(), tzinfo=zone))
    if data.get("until"):
        end = datetime.combine(data["until"], time(), tzinfo=zone) + timedelta(days=1)
        qs = qs.filter(at__lt=end)
    return qs


@require_POST
@login_required
def disclose_customer(request: HttpRequest, customer_id: int) -> HttpResponse:
    """保有個人データの開示: everything held on one customer, as a print-ready page or
    JSON; recorded on each of their cases and in the view log."""
    customer = get_customer_for_user(request, customer_id)
    if not may_disclose(request.user):
        raise PermissionDenied(_("Only supervisors and admins export a customer's data."))
    fmt = request.POST.get("format", "")
    if fmt not in disclosure.FORMATS:
        return HttpResponse(_("Choose HTML or JSON."), status=400, content_type="text/plain")
    doc = disclosure.do_disclose_customer(request.user, customer, fmt=fmt)
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            doc, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = (
            f'attachment; filename="customer-{customer.pk}-disclosure.json"'
        )
        return response
    return HttpResponse(document.render_html(doc))
