"""Response headers every page carries, and the size of what a request may bring.

- ``Permissions-Policy``: the browser features Kamitaiou never uses are switched off.
- ``Cache-Control: no-store`` on every page and export the application answers (they hold
  customers' words and names), unless a view set its own caching; static files are served
  by whitenoise before this middleware and keep theirs.
- A request body larger than ``KAMITAIOU_MAX_REQUEST_BYTES`` is refused with 413 before any
  view reads it, unless the view was marked with :func:`accepts_uploads` (then
  ``KAMITAIOU_MAX_UPLOAD_BYTES``). The Django admin may take uploads too. Under
  ``KAMITAIOU_API_PATH`` the refusal is the API's JSON error (``too_large``); the API's own,
  lower ceiling (``KAMITAIOU_API_MAX_BODY``) is checked by its token authentication.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

View = TypeVar("View", bound=Callable[..., Any])

UPLOAD_PREFIXES = ("/admin/",)


def accepts_uploads(view: View) -> View:
    """Mark a view that takes files: its requests may be up to ``KAMITAIOU_MAX_UPLOAD_BYTES``."""
    view.kamitaiou_accepts_uploads = True  # type: ignore[attr-defined]
    return view


def _content_length(request: HttpRequest) -> int:
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        return max(int(raw), 0)
    except ValueError:
        return 0


class HeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The upload ceiling is checked here, before any middleware reads the body (CSRF
        # does for POST); the lower form ceiling needs the view and waits for process_view.
        if _content_length(request) > settings.KAMITAIOU_MAX_UPLOAD_BYTES:
            response: HttpResponseBase = _too_large(request)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if _content_length(request) <= settings.KAMITAIOU_MAX_REQUEST_BYTES:
            return None
        if getattr(view, "kamitaiou_accepts_uploads", False) or request.path.startswith(
            UPLOAD_PREFIXES
        ):
            return None
        return _too_large(request)


def _too_large(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(settings.KAMITAIOU_API_PATH):
        from kamitaiou.api.errors import error_body  # noqa: PLC0415 (config loads before apps)

        return JsonResponse(error_body("too_large"), status=413)
    return HttpResponse(
        _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
    )
