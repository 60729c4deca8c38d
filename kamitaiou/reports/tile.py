"""The supervisors' tile on the inbox (issue #15, item 6): open by stage, SLA breaches
today, escalations and approvals waiting, the fan rate this month — five small queries."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

from kamitaiou.cases.labels import label
from kamitaiou.cases.models import OutcomeRecord
from kamitaiou.cases.supervision import is_supervisor, pending_approvals, waiting_escalations
from kamitaiou.followups.models import FollowUp
from kamitaiou.method.followups import FollowUpKind
from kamitaiou.reports import figures as f
from kamitaiou.reports.access import report_cases
from kamitaiou.reports.forms import local_tz, month_start, next_month


def build_tile(request: HttpRequest) -> dict[str, Any] | None:
    if not is_supervisor(request):
        return None
    cases = report_cases(request)
    tz = local_tz()
    today = timezone.localdate()
    day_start = datetime.combine(today, time(), tzinfo=tz)
    stages = (
        cases.filter(closed_at__isnull=True)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by("-n", "stage")
    )
    breaches = FollowUp.objects.filter(
        kind=FollowUpKind.SLA_BREACH_ESCALATION,
        case__in=cases.values("pk"),
        created_at__gte=day_start,
        created_at__lt=day_start + timedelta(days=1),
    ).count()
    month = f.Period(
        datetime.combine(month_start(today), time(), tzinfo=tz),
        datetime.combine(next_month(today), time(), tzinfo=tz),
    )
    latest = OutcomeRecord.objects.filter(case=OuterRef("pk")).order_by("-recorded_at", "-pk")
    endings = list(
        cases.filter(kind__in=f.FAN_RATE_KINDS, closed_at__gte=month.start, closed_at__lt=month.end)
        .annotate(ending=Subquery(latest.values("ending")[:1]))
        .values_list("ending", flat=True)
    )
    fan = f.rate(sum(1 for ending in endings if ending == f.FAN), len(endings))
    return {
        "open_by_stage": [(label("stage", row["stage"]), row["n"]) for row in stages[:8]],
        "breaches_today": breaches,
        "escalations": waiting_escalations(request).count(),
        "approvals": pending_approvals(request).count(),
        "fan_rate": None if fan is None else round(fan * 100, 1),
        "closed_this_month": len(endings),
    }
