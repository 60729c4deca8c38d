"""Admin: the reader models (activate one, or go back to the shipped model) and, view-only,
the corrections and the activation history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.admin import ReadOnlyAdmin
from kamitaiou.readings.models import ReaderActivation, ReaderModel, ReadingCorrection
from kamitaiou.readings.reader_models import (
    do_activate_reader_model,
    do_restore_shipped_reader_model,
)

RESTORE = "restore_shipped"


@admin.register(ReaderModel)
class ReaderModelAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "active",
        "created_at",
        "created_by",
        "rows",
        "corrections",
        "activated_at",
        "activated_by",
    ]
    list_select_related = ["activated_by"]
    readonly_fields = [f.name for f in ReaderModel._meta.fields]
    actions = ["activate", RESTORE]

    @admin.action(description=gettext_lazy("Activate"))
    def activate(self, request: HttpRequest, queryset: QuerySet[ReaderModel]) -> None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Choose exactly one model to activate."), messages.ERROR)
            return
        try:
            row = do_activate_reader_model(request.user, chosen[0])
        except ActionError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _(
                "%(name)s is now in force (every process within 30 seconds). "
                "Run `kamitaiou reanalyze` to refresh the stored readings."
            )
            % {"name": row.file_name},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Back to the shipped model"))
    def restore_shipped(self, request: HttpRequest, queryset: QuerySet[ReaderModel]) -> None:
        try:
            do_restore_shipped_reader_model(request.user)
        except ActionError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _(
                "The shipped model is in force again (every process within 30 seconds). "
                "Run `kamitaiou reanalyze` to refresh the stored readings."
            ),
            messages.SUCCESS,
        )

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Going back to the shipped model concerns no row: let it run without a selection.
        if (
            request.method == "POST"
            and request.POST.get("action") == RESTORE
            and not request.POST.getlist(ACTION_CHECKBOX_NAME)
        ):
            first = ReaderModel.objects.values_list("pk", flat=True).first()
            if first is not None:
                post = request.POST.copy()
                post.setlist(ACTION_CHECKBOX_NAME, [str(first)])
                request.POST = post  # type: ignore[assignment]
        return super().changelist_view(request, extra_context)


@admin.register(ReadingCorrection)
class ReadingCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["interaction", "case", "actor", "created_at", "anger_before", "anger_after"]
    list_select_related = ["interaction", "case", "actor"]
    raw_id_fields = ["interaction", "case"]
    show_full_result_count = False


@admin.register(ReaderActivation)
class ReaderActivationAdmin(ReadOnlyAdmin):
    list_display = ["at", "model", "actor"]
    list_select_related = ["model", "actor"]
