"""Every API error is JSON: a stable ``code``, a Japanese and an English message.

``message_ja`` is the product's wording — for a refused move, the method's own reasons,
exactly as the case page shows them; ``message_en`` is the English of the code (the
method's reasons are written in Japanese only, so they are also listed in ``details``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)

#: code → (status, Japanese, English)
CODES: dict[str, tuple[int, str, str]] = {
    "bad_request": (400, "リクエストを読み取れません。", "The request cannot be read."),
    "malformed_json": (
        400,
        "リクエスト本文が正しいJSONではありません。",
        "The request body is not valid JSON.",
    ),
    "bad_cursor": (400, "ページ位置（cursor）が正しくありません。", "The cursor is not valid."),
    "unauthorized": (
        401,
        "APIトークンがないか、無効です（失効・期限切れを含む）。",
        "The API token is missing or not valid (revoked or expired included).",
    ),
    "read_only_token": (
        403,
        "このトークンは読み取り専用です。",
        "This token may only read (scope: read).",
    ),
    "forbidden": (403, "この操作の権限がありません。", "You may not do this."),
    "not_found": (404, "見つかりません。", "Not found."),
    "refused": (
        409,
        "この操作は今はできません。",
        "The method does not allow this now (see details for the reasons).",
    ),
    "idempotency_conflict": (
        409,
        "同じ Idempotency-Key が別のリクエストに使われています。",
        "This Idempotency-Key was used for a different request.",
    ),
    "too_large": (413, "リクエストが大きすぎます。", "The request is too large."),
    "invalid": (422, "入力内容に誤りがあります。", "The input is not valid."),
    "rate_limited": (
        429,
        "リクエストが多すぎます。しばらく待ってから再試行してください。",
        "Too many requests. Wait and try again (see Retry-After).",
    ),
    "server_error": (500, "サーバーでエラーが発生しました。", "Something went wrong on our side."),
}


class ApiError(Exception):
    """An error answered as JSON with ``code`` (a key of ``CODES``)."""

    def __init__(self, code: str, *, message_ja: str = "", details: Any = None) -> None:
        super().__init__(code)
        self.code = code
        self.status, default_ja, self.message_en = CODES[code]
        self.message_ja = message_ja or default_ja
        self.details = details


def error_body(code: str, *, message_ja: str = "", details: Any = None) -> dict[str, Any]:
    _status, default_ja, message_en = CODES[code]
    return {
        "code": code,
        "message_ja": message_ja or default_ja,
        "message_en": message_en,
        "details": details,
    }


def _answer(
    api: NinjaAPI, request: HttpRequest, code: str, *, message_ja: str = "", details: Any = None
) -> HttpResponse:
    body = error_body(code, message_ja=message_ja, details=details)
    response = api.create_response(request, body, status=CODES[code][0])
    if code == "unauthorized":
        response["WWW-Authenticate"] = 'Bearer realm="kamitaiou"'
    return response


def _pydantic_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message_en": str(e.get("msg", ""))}
        for e in errors[:50]
    ]


def install(api: NinjaAPI) -> None:
    """Answer every exception of ``api`` as a JSON error."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _answer(api, request, exc.code, message_ja=exc.message_ja, details=exc.details)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, Throttled):
            return _answer(api, request, "rate_limited")
        if isinstance(exc, AuthenticationError):
            return _answer(api, request, "unauthorized")
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            if isinstance(exc.__cause__, RequestDataTooBig):
                return _answer(api, request, "too_large")
            return _answer(api, request, "malformed_json")
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(exc.status_code)
        return _answer(api, request, code or "bad_request")

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return _answer(api, request, "invalid", details=_pydantic_details(exc.errors))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _answer(api, request, "not_found")

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _answer(api, request, "too_large")

    def on_other(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error", exc_info=exc)
        return _answer(api, request, "server_error")

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(Exception, on_other)


def _render(error: Any) -> str:
    message = getattr(error, "message", error)
    params = getattr(error, "params", None)
    return str(message % params if params else message)


def form_error(form: Any) -> ApiError:
    """A 422 for an invalid Django form: each field's errors in Japanese and English."""
    details = []
    for field, errors in form.errors.as_data().items():
        for error in errors:
            # the message is often lazy: rendered once in each language
            with translation.override("ja"):
                ja = _render(error)
            with translation.override("en"):
                en = _render(error)
            details.append({"field": field, "message_ja": ja, "message_en": en})
    first = details[0]["message_ja"] if details else ""
    return ApiError("invalid", message_ja=first, details=details)


def refused(message_ja: str, *, reasons: list[str] | None = None) -> ApiError:
    """A 409: the action or the method refused (the page's own Japanese reasons)."""
    return ApiError(
        "refused",
        message_ja=message_ja,
        details=[{"message_ja": r} for r in (reasons or [message_ja])],
    )
