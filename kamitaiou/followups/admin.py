"""Admin: the company's follow-up settings (one row), and read-mostly follow-up lists."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kamitaiou.cases.admin import ContractAdmin, ReadOnlyAdmin
from kamitaiou.cases.models import Contract
from kamitaiou.followups.models import (
    CalendarFeed,
    FollowUp,
    FollowUpSettings,
    ReminderDelivery,
    SlaPause,
)


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return not FollowUpSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "kind", "case", "owner", "due_at", "status", "reminder_sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["case", "owner"]
    search_fields = ["title", "dedupe_key"]
    show_full_result_count = False


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "followup",
        "channel",
        "state",
        "recipient",
        "attempts",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "channel"]
    list_select_related = ["followup"]
    show_full_result_count = False


@admin.register(SlaPause)
class SlaPauseAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "reason", "start", "end"]
    list_filter = ["reason"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admins may revoke a feed (delete); the token itself is never shown."""

    list_display = ["user", "created_at", "last_used_at"]
    exclude = ["token"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AfterFollowContractAdmin(ContractAdmin):
    """A contract added in the admin starts its after-follow (§10) like one added in the app."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from kamitaiou.followups.actions import start_after_follow  # noqa: PLC0415

        super().save_model(request, obj, form, change)
        if not change:
            start_after_follow(request.user, obj)


admin.site.unregister(Contract)
admin.site.register(Contract, AfterFollowContractAdmin)
