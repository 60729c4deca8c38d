"""Two-factor sign-in with TOTP codes (django-otp): who must, and the one way in.

After the password, a person with a confirmed TOTP device is verified by a code before any
page opens (also after a login through the admin's form); a person whose role requires two
factors (``KAMITAIOU_2FA_ROLES``, supervisors and admins by default) and has no device yet
is sent to set one up first. Everyone else may set one up on their account page.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kamitaiou.accounts.models import User

log = logging.getLogger("kamitaiou.security")

DEVICE_NAME = "authenticator"
# What a signed-in, not yet verified person may still reach.
OPEN_URL_NAMES = frozenset(
    {"login", "logout", "two_factor_verify", "two_factor_setup", "set_language"}
)
NO_DEVICE_KEY = "kamitaiou_2fa_no_device"
SETUP_URL_NAMES = frozenset({"two_factor_setup", "logout", "set_language"})


def requires_two_factor(user: User) -> bool:
    return user.role in settings.KAMITAIOU_2FA_ROLES


def has_two_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (one per person; a fresh key each time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no inline styles)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def base32_key(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def do_confirm_totp(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm a device being set up with its first code; the session counts as verified."""
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    log.info("two-factor set up for user %s", device.user_id)
    return True


def do_verify_totp(request: HttpRequest, user: User, token: str) -> bool:
    """Verify this session with a code from one of the person's confirmed devices."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            otp_login(request, device)
            return True
    log.warning("two-factor code refused for user %s", user.pk)
    return False


def do_remove_totp(user: User) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
    log.info("two-factor removed for user %s", user.pk)


def enrol_demo_device(user: User) -> TOTPDevice:
    """Demo data only: a confirmed device, so the demo supervisors and admin can sign in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


@receiver(user_logged_in, dispatch_uid="kamitaiou-two-factor-login")
def _note_device(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """Whether the person has a second factor is looked up once, at each login."""
    if request is None or not hasattr(request, "session"):
        return
    if has_two_factor(user):
        request.session.pop(NO_DEVICE_KEY, None)
    else:
        request.session[NO_DEVICE_KEY] = user.pk


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr]
            return None
        if request.path.startswith(settings.KAMITAIOU_API_PATH):
            # The API authenticates by token and ignores the session: a browser's cookie
            # riding along (the docs page's "Try it out") must not turn it into a redirect.
            return None
        match = request.resolver_match
        name = match.url_name if match is not None else None
        # Looked up at login (``_note_device``): whether the person had a device then. A
        # device set up later verifies that session itself (do_confirm_totp).
        if request.session.get(NO_DEVICE_KEY) != user.pk:
            if has_two_factor(user):  # type: ignore[arg-type]
                if name in OPEN_URL_NAMES:
                    return None
                return _send_to(request, "two_factor_verify")
            request.session[NO_DEVICE_KEY] = user.pk
        if requires_two_factor(user) and name not in SETUP_URL_NAMES:  # type: ignore[arg-type]
            return _send_to(request, "two_factor_setup")
        return None


def _send_to(request: HttpRequest, url_name: str) -> HttpResponseBase:
    if request.headers.get("HX-Request"):
        # The verify and setup pages load the header badge themselves: answer it with
        # nothing (redirecting would reload the page they are on, again and again).
        return HttpResponse(status=204)
    url = reverse(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)
