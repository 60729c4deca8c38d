"""Sessions that end: after an idle spell and, whatever happens, some hours after login.

The login time and the last activity are kept in the session. Requests a page makes on its
own (the reply-presence heartbeat, the header badge) are not activity: a tab left open
must not keep a session alive.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

LOGIN_AT = "kamitaiou_login_at"
SEEN_AT = "kamitaiou_seen_at"
# url names of requests a page sends by itself (polling), not a person's click.
PASSIVE_URL_NAMES = frozenset({"reply_presence", "today_badge"})
# Writing the session on every click would cost a database write each time.
SEEN_RESOLUTION_SECONDS = 30


@receiver(user_logged_in, dispatch_uid="kamitaiou-session-login-time")
def _stamp_login(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def session_expired(session: Any, *, now: float) -> bool:
    """True when the session has been idle too long or is past its absolute limit
    (a session without the stamps gets them now)."""
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT, login_at)
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        # A session from before these limits: the cookie's age still bounds it.
        session[LOGIN_AT] = session[SEEN_AT] = now
        return False
    idle = settings.KAMITAIOU_SESSION_IDLE_MINUTES * 60
    absolute = settings.KAMITAIOU_SESSION_MAX_HOURS * 3600
    return now - seen_at > idle or now - login_at > absolute


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated:
            return None
        if request.path.startswith(settings.KAMITAIOU_API_PATH):
            # Token requests neither end nor refresh the browser's session.
            return None
        now = time.time()
        if session_expired(request.session, now=now):
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return _to_login(request)
        match = request.resolver_match
        passive = match is not None and match.url_name in PASSIVE_URL_NAMES
        if not passive and now - request.session[SEEN_AT] >= SEEN_RESOLUTION_SECONDS:
            request.session[SEEN_AT] = now
        return None


def _to_login(request: HttpRequest) -> HttpResponseBase:
    if request.headers.get("HX-Request"):
        # A partial swapped in would show the login form inside the page: reload instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
        return response
    return redirect_to_login(request.get_full_path())
