"""Writes the view log: one INSERT after a watched page answered 200 to a signed-in person.

Watched pages are named URLs (``WATCHED``; another app adds its own with ``watch``), so
``cases`` knows nothing of the log (decision 0008) and the htmx partials of a case page
(presence, coach, panels) are not logged — only opening the page itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from kamitaiou.privacy.models import ViewKind, ViewRecord

#: url name → (what it shows, the URL's case id parameter, its customer id parameter)
WATCHED: dict[str, tuple[str, str, str]] = {
    "case_detail": (ViewKind.CASE, "case_id", ""),
    "customer_detail": (ViewKind.CUSTOMER, "", "customer_id"),
    "print_record": (ViewKind.PRINT, "case_id", ""),
}


def watch(url_name: str, *, kind: str, case_param: str = "", customer_param: str = "") -> None:
    """Log every successful GET of the URL named ``url_name``."""
    WATCHED[url_name] = (kind, case_param, customer_param)


def record_view(
    user: Any,
    *,
    kind: str,
    case_id: int | None = None,
    customer_id: int | None = None,
    detail: str = "",
) -> ViewRecord:
    """Append one entry to the view log (the export calls this itself)."""
    return ViewRecord.objects.create(
        user=user, kind=kind, case_id=case_id, customer_id=customer_id, detail=detail[:200]
    )


class ViewLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            match is not None
            and match.url_name in WATCHED
            and request.method == "GET"
            and response.status_code == 200
            and request.user.is_authenticated
        ):
            kind, case_param, customer_param = WATCHED[match.url_name]
            record_view(
                request.user,
                kind=kind,
                case_id=match.kwargs.get(case_param) if case_param else None,
                customer_id=match.kwargs.get(customer_param) if customer_param else None,
            )
        return response
