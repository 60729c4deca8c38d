"""Account pages: the person's own password, two-factor setup and the code at login.

Password reset and change are Django's own views (kamitaiou/accounts/urls.py) with our
Japanese templates; these are the pages Django does not have.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kamitaiou.accounts import twofactor
from kamitaiou.accounts.models import User


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("Code"),
        regex=r"^[0-9]{6}$",
        max_length=6,
        error_messages={"invalid": gettext_lazy("Enter the 6-digit code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        # Authenticator apps show "123 456": accept the space.
        return str(self.cleaned_data["token"]).replace(" ", "")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "has_two_factor": twofactor.has_two_factor(user),
            "two_factor_required": twofactor.requires_two_factor(user),
            "can_remove_two_factor": twofactor.has_two_factor(user)
            and not twofactor.requires_two_factor(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if twofactor.has_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("two_factor_verify")
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.do_confirm_totp(request, device, form.cleaned_data["token"]):
            messages.success(request, _("Two-factor sign-in is on."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.base32_key(device),
            "required": twofactor.requires_two_factor(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified() or not twofactor.has_two_factor(user):  # type: ignore[attr-defined]
        return HttpResponseRedirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.do_verify_totp(request, user, form.cleaned_data["token"]):
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if twofactor.requires_two_factor(user):
        messages.error(request, _("Two-factor sign-in is required for your role."))
    else:
        twofactor.do_remove_totp(user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account")
