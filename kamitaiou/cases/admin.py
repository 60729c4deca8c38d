"""Django admin for admins. The case record is view-only here too: no add, change or
delete path exists for interactions and events, and cases change only through actions."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kamitaiou.cases import events
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.erasure import do_erase_customer
from kamitaiou.cases.labels import label
from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    Contract,
    Customer,
    Erasure,
    ForbiddenRequest,
    Interaction,
    ReplyTemplate,
)
from kamitaiou.cases.record_actions import do_seal_customer


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

    actions = ["erase_personal_data"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Inside the admin's transaction, after the contracts: the customer and its
        # contracts go on the record of each of its cases (``cases`` subscribes), and
        # apps above ``cases`` (the search index) see the customer as saved.
        super().save_related(request, form, formsets, change)
        events.announce(events.CustomerSaved(request.user, customer=form.instance))

    @admin.action(description=_("Erase personal data (APPI)…"))
    def erase_personal_data(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        """Ask for the reason and a confirmation, then erase each selected customer."""
        form = ErasureForm(request.POST if "confirm_erasure" in request.POST else None)
        if form.is_bound and form.is_valid():
            erased = 0
            for customer in queryset.order_by("pk"):
                try:
                    do_erase_customer(request.user, customer, reason=form.cleaned_data["reason"])
                except ActionError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                    return None
                erased += 1
            self.message_user(
                request,
                gettext("Personal data of %(count)d customer(s) erased.") % {"count": erased},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/cases/customer/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Erase personal data"),
                "customers": queryset.order_by("pk"),
                "cases": Case.objects.filter(customer__in=queryset).count(),
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    confirm = forms.BooleanField(
        label=_("I understand that the texts are replaced and cannot be restored."),
        required=True,
    )


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ["erased_at", "customer", "source", "erased_by", "reason", "summary"]
    list_select_related = ["customer", "erased_by"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["product", "customer", "start_date", "end_date"]
    search_fields = ["product", "customer__name"]
    raw_id_fields = ["customer"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The contract's terms are shown on its customer's cases: seal the change there
        # (and on the former customer's, if an admin moved the contract).
        previous = Contract.objects.filter(pk=obj.pk).values_list("customer_id", flat=True)
        before = previous.first() if change else None
        super().save_model(request, obj, form, change)
        do_seal_customer(request.user, obj.customer, note="contract changed")
        if before is not None and before != obj.customer_id:
            do_seal_customer(request.user, Customer.objects.get(pk=before), note="contract moved")


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
