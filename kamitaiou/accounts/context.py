"""Template context: what the navigation may offer the signed-in person."""

from typing import Any

from django.http import HttpRequest

from kamitaiou.accounts.models import Role


def nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None)
    return {"nav": {"supervision": role in (Role.SUPERVISOR, Role.ADMIN)}}
