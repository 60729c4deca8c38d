"""Who is knocking: the client address django-axes counts failed logins by."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``KAMITAIOU_TRUSTED_PROXIES`` proxies
    the address the outermost of ours saw (counted from the right of X-Forwarded-For, so a
    client cannot choose its own address by sending the header itself)."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.KAMITAIOU_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]
