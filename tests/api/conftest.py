"""A token for each named person, and a client that sends it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from kamitaiou.api.tokens import do_create_api_token


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


class ApiClient:
    """Django's test client speaking JSON with ``Authorization: Bearer``."""

    def __init__(self, raw: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"} if raw else {}

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get(path, params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body: Any = None, *, raw: bytes | None = None, **headers: str) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            path, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.patch(
            path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers={**self.headers, **headers},
        )


def api_for(user: Any, scope: str = "write") -> ApiClient:
    new = do_create_api_token(user, user=user, name="test", scope=scope)
    return ApiClient(new.raw)


@pytest.fixture
def api_op_a(operator_a: Any) -> ApiClient:
    return api_for(operator_a)


@pytest.fixture
def api_sv_a(supervisor_a: Any) -> ApiClient:
    return api_for(supervisor_a)


@pytest.fixture
def api_op_b(operator_b: Any) -> ApiClient:
    return api_for(operator_b)


@pytest.fixture
def api_admin(admin_user: Any) -> ApiClient:
    return api_for(admin_user)
