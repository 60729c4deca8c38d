from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kamitaiou.accounts.models import Team, User


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
