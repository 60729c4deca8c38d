"""What the protection app shows on pages of the cases app: the case page's side panel
(the case's incident records, for those who may read them) and the restriction banner on
every page of a restricted customer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.method.protection import restrictions as res
from kamitaiou.protection.access import readable_incidents
from kamitaiou.protection.models import Restriction


def case_panel(request: HttpRequest, case: Any) -> dict[str, Any] | None:
    """The case page's panel: it loads its incident list with htmx (``panel_body``), so
    the case page's own query count stays as it was."""
    return {"url": reverse("protection_case_panel", args=[case.pk])}


def panel_rows(request: HttpRequest, case: Any) -> list[Any]:
    """The case's incident records ``request.user`` may read (one query)."""
    return list(readable_incidents(request).filter(case=case).order_by("-occurred_at")[:20])


def restrictions_in_force(customer: Any) -> list[Restriction]:
    """The customer's restrictions in force, newest first."""
    return list(
        Restriction.objects.filter(customer=customer, lifted_at__isnull=True).order_by(
            "-decided_at"
        )
    )


def restriction_banner(customer: Any) -> tuple[str, dict[str, Any]] | None:
    """The banner for a customer under a restriction of service, or ``None``."""
    rows = restrictions_in_force(customer)
    if not rows:
        return None
    kinds = sorted({kind for row in rows for kind in row.kinds})
    text = f"対応制限中：{res.kinds_ja(kinds)}"
    today = timezone.localdate()
    context = {
        "customer": customer,
        "kinds_ja": res.kinds_ja(kinds),
        "guidance": res.guidance_ja(kinds),
        "written_reply_allowed": res.written_reply_allowed(kinds),
        "restrictions": rows,
        "review_due": any(res.review_due(row.review_on, today=today) for row in rows),
    }
    return text, context
