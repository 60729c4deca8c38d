"""``/api/v1/``: the API (django-ninja), its OpenAPI document and a docs page served locally."""

from __future__ import annotations

from django.conf import settings
from django.urls import path
from django.views.generic import RedirectView
from ninja import NinjaAPI
from ninja.throttling import AuthRateThrottle

from kamitaiou.api import (
    cases,
    contracts,
    customers,
    errors,
    followups,
    reading,
    supervision,
    views,
)
from kamitaiou.api.auth import TokenAuth

api = NinjaAPI(
    title="Kamitaiou API",
    version="1",
    description=(
        "神対応 Kamitaiou の API。ページでできることは、同じ権限・同じ制約で API からもできます。"
        " Everything a person does on the page, a program can do — with the same rights and"
        " the same guards. Authenticate with `Authorization: Bearer kt_…` (a personal API"
        " token). Errors are JSON: `code`, `message_ja`, `message_en`, `details`."
        " Lists page by `cursor` (`next_cursor`); POSTs that create honour `Idempotency-Key`."
        " Webhooks (registered by an admin, signed with HMAC-SHA256, at-least-once: de-duplicate"
        " on `X-Kamitaiou-Event-Id`): case.created, case.stage_changed, case.closed,"
        " interaction.added, escalation.raised, approval.requested, harassment.recorded,"
        " followup.due."
    ),
    auth=TokenAuth(),
    throttle=[AuthRateThrottle(settings.KAMITAIOU_API_RATE)],
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", cases.router)
api.add_router("/", reading.router)
api.add_router("/", customers.router)
api.add_router("/", contracts.router)
api.add_router("/", followups.router)
api.add_router("/", supervision.router)

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/docs/", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("api/tokens/", views.tokens, name="api_tokens"),
    path("api/tokens/<int:token_id>/revoke/", views.revoke_token, name="api_revoke_token"),
]
