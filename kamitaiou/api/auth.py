"""``Authorization: Bearer kt_…``: the API's only way in (no session cookies, so no CSRF)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer

from kamitaiou.api.errors import ApiError
from kamitaiou.api.models import ApiToken
from kamitaiou.api.tokens import token_for
from kamitaiou.params import parse_int


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        # Checked before the body is read: a huge upload is refused from its header.
        length = request.META.get("CONTENT_LENGTH") or "0"
        size = parse_int(length, low=0, high=2**62)
        if size is None or size > settings.KAMITAIOU_API_MAX_BODY:
            raise ApiError("too_large")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_for(token)


def token_of(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token


def user_of(request: HttpRequest) -> Any:
    return token_of(request).user


def writer_of(request: HttpRequest) -> Any:
    """The user behind a token allowed to write (403 for a read-only token)."""
    token = token_of(request)
    if not token.can_write:
        raise ApiError("read_only_token")
    return token.user
