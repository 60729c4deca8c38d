from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kamitaiou.accounts.models import Organisation, Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "is_active"]
    list_filter = ["role", "teams", "is_active"]
    filter_horizontal = ["teams", "groups", "user_permissions"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Kamitaiou"), {"fields": ("display_name", "role", "teams")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Kamitaiou"), {"fields": ("display_name", "role", "teams")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Our own organisation, who signs the coach's drafts: one row, never deleted."""

    list_display = ["name", "department"]
    fields = ["name", "department", "signature"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not Organisation.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
