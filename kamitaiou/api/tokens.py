"""Creating, revoking and checking API tokens (the only way tokens change)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from kamitaiou.api.models import ApiToken, Scope

PREFIX = "kt_"
#: last-used time is written at most this often per token (a busy client must not
#: turn every read into a write)
TOUCH_SECONDS = 60


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: the token itself: shown once, never stored
    raw: str


@transaction.atomic
def do_create_api_token(
    actor: Any,
    *,
    user: Any,
    name: str,
    scope: str = Scope.READ,
    expires_at: datetime | None = None,
) -> NewToken:
    """Issue a token for ``user`` (``actor`` is the user or an admin)."""
    if actor.pk != user.pk and not actor.is_admin_role:
        raise PermissionError("only the user or an admin issues a token")
    name = name.strip()[:100]
    if not name:
        raise ValueError("a token needs a name")
    if scope not in Scope.values:
        raise ValueError(f"unknown scope {scope!r}")
    body = secrets.token_urlsafe(32)
    raw = PREFIX + body
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=body[:8],
        key_hash=hash_key(raw),
        expires_at=expires_at,
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def do_revoke_api_token(actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (its user or an admin); it answers 401 from now on."""
    if actor.pk != token.user_id and not actor.is_admin_role:
        raise PermissionError("only the user or an admin revokes a token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for(raw: str) -> ApiToken | None:
    """The usable token ``raw`` stands for, or ``None`` (unknown, revoked, expired)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now=now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
