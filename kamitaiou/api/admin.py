"""API tokens in the admin: an admin issues one (shown once, in the message) or revokes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kamitaiou.api.models import ApiToken, WebhookDelivery, WebhookEndpoint, WebhookEvent
from kamitaiou.api.tokens import do_create_api_token, do_revoke_api_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "name",
        "user",
        "scope",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope",)
    search_fields = ("name", "user__username", "prefix")
    fields = ("user", "name", "scope", "expires_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("user", "name", "scope", "expires_at") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        new = do_create_api_token(
            request.user, user=obj.user, name=obj.name, scope=obj.scope, expires_at=obj.expires_at
        )
        obj.pk = new.token.pk
        obj.prefix, obj.key_hash, obj.created_at = (
            new.token.prefix,
            new.token.key_hash,
            new.token.created_at,
        )
        messages.warning(
            request,
            _("The token (shown only now; copy it): %(token)s") % {"token": new.raw},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            do_revoke_api_token(request.user, token)
        messages.success(request, _("The tokens were revoked."))


class EndpointForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("team", "url", "description", "events")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = EndpointForm
    list_display = ("url", "team", "created_at", "consecutive_failures", "disabled_at")
    list_filter = ("team",)
    readonly_fields = ("secret", "consecutive_failures", "disabled_at", "disabled_reason")
    actions = ["enable"]

    @admin.action(description=_("Re-enable the selected endpoints"))
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        queryset.update(disabled_at=None, disabled_reason="", consecutive_failures=0)
        messages.success(request, _("The endpoints were re-enabled."))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The delivery log: read only."""

    list_display = (
        "event_type",
        "endpoint",
        "state",
        "attempts",
        "last_status_code",
        "latency_ms",
        "created_at",
        "delivered_at",
    )
    list_filter = ("state", "event_type")
    search_fields = ("event_id",)
    list_select_related = ("endpoint__team",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
