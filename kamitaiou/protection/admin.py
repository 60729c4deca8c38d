"""Django admin: the protection records are view-only here. They change only through the
actions, so every write is on the case's chained record."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kamitaiou.protection.models import Evidence, Incident, ResponseStep, Restriction


class ViewOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(ViewOnlyAdmin):
    list_display = ["pk", "case", "status", "verdict", "occurred_at", "targeted"]
    list_filter = ["status", "verdict"]


@admin.register(Evidence)
class EvidenceAdmin(ViewOnlyAdmin):
    list_display = ["incident", "interaction", "added_by", "added_at"]


@admin.register(ResponseStep)
class ResponseStepAdmin(ViewOnlyAdmin):
    list_display = ["incident", "step", "by", "at"]


@admin.register(Restriction)
class RestrictionAdmin(ViewOnlyAdmin):
    list_display = ["customer", "kinds_ja", "review_on", "decided_by", "lifted_at"]
    list_filter = ["lifted_at"]
