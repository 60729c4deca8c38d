"""「APIトークン」: a person issues (shown once) and revokes their own tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kamitaiou.api.forms import TokenForm
from kamitaiou.api.models import ApiToken
from kamitaiou.api.tokens import do_create_api_token, do_revoke_api_token
from kamitaiou.params import parse_id


def _page(
    request: HttpRequest, form: TokenForm, *, raw: str = "", status: int = 200
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)[:100]
    context = {"form": form, "tokens": tokens, "raw": raw, "now": timezone.now()}
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The list of the user's tokens; posting the form issues one and shows it once."""
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    days = form.cleaned_data["expires_in"]
    new = do_create_api_token(
        request.user,
        user=request.user,
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    # Rendered, not redirected: the token is never kept in the session or a message.
    return _page(request, TokenForm(), raw=new.raw)


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=parse_id(token_id) or 0).first()
    if token is None:
        raise Http404(_("No such token."))
    do_revoke_api_token(request.user, token)
    messages.success(
        request, _("The token was revoked. Programs using it are refused from now on.")
    )
    return redirect("api_tokens")
