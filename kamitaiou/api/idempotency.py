"""``Idempotency-Key``: a retried POST that creates answers the first result again.

The key is kept per token with the path and a fingerprint of the body; the creation and
the remembered answer commit together, so two racing retries create one case (the loser
of the unique constraint rolls back and answers the winner's result).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Schema

from kamitaiou.api.auth import token_of
from kamitaiou.api.errors import ApiError
from kamitaiou.api.models import IdempotentRequest

HEADER = "HTTP_IDEMPOTENCY_KEY"
MAX_KEY = 200


def _jsonable(body: Any) -> Any:
    import json  # noqa: PLC0415

    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def once(
    request: HttpRequest, payload: Schema, create: Callable[[], tuple[int, dict[str, Any]]]
) -> tuple[int, Any]:
    """Run ``create`` once per ``Idempotency-Key`` (every time without the header)."""
    key = request.META.get(HEADER, "")
    if not key:
        return create()
    if len(key) > MAX_KEY or not key.isprintable() or not key.isascii():
        raise ApiError(
            "bad_request", message_ja="Idempotency-Key は200文字以内の英数字で指定してください。"
        )
    token = token_of(request)
    fingerprint = hashlib.sha256(payload.model_dump_json().encode()).hexdigest()
    try:
        with transaction.atomic():
            found = _replay(token, key, request.path, fingerprint)
            if found is not None:
                return found
            status, body = create()
            stored = _jsonable(body)
            IdempotentRequest.objects.create(
                token=token,
                key=key,
                path=request.path,
                fingerprint=fingerprint,
                status=status,
                body=stored,
            )
            return status, stored
    except IntegrityError:
        found = _replay(token, key, request.path, fingerprint)
        if found is None:
            raise
        return found


def _replay(token: Any, key: str, path: str, fingerprint: str) -> tuple[int, Any] | None:
    seen = IdempotentRequest.objects.filter(token=token, key=key).first()
    if seen is None:
        return None
    if seen.path != path or seen.fingerprint != fingerprint:
        raise ApiError("idempotency_conflict")
    return seen.status, seen.body
