"""Django admin for admins. The case record is view-only here too: no add, change or
delete path exists for interactions and events, and cases change only through actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases import events
from kamitaiou.cases.labels import label
from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    Contract,
    Customer,
    ForbiddenRequest,
    Interaction,
    ReplyTemplate,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ContractInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Contract
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "company", "team", "phone", "email"]
    list_filter = ["team"]
    search_fields = ["name", "name_kana", "company", "email"]
    inlines = [ContractInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Inside the admin's transaction, after the contracts: apps above ``cases`` (the
        # search index) see the customer as saved.
        super().save_related(request, form, formsets, change)
        events.announce(events.CustomerSaved(request.user, customer=form.instance))


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["product", "customer", "start_date", "end_date"]
    search_fields = ["product", "customer__name"]
    raw_id_fields = ["customer"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "title",
        "kind",
        "stage_name",
        "team",
        "assignee",
        "opened_at",
        "closed_at",
    ]
    list_filter = ["kind", "team"]
    search_fields = ["title"]
    list_select_related = ["team", "assignee"]
    show_full_result_count = False

    @admin.display(description=_("stage"), ordering="stage")
    def stage_name(self, obj: Case) -> str:
        return label("stage", obj.stage)


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "case", "direction", "channel", "occurred_at", "author"]
    list_select_related = ["case", "author"]
    raw_id_fields = ["case"]
    show_full_result_count = False


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "seq", "kind", "actor", "created_at"]
    list_select_related = ["case", "actor"]
    show_full_result_count = False


@admin.register(ForbiddenRequest)
class ForbiddenRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """§9.2: requests containing these phrases can never be approved as special handling."""

    list_display = ["name", "active"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admins' own reply drafts, offered by the coach beside the method's."""

    list_display = ["title", "offered", "active"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
