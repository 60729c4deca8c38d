"""Admin: the reader models and the coach models (activate one, or go back to the shipped
model — one admin class for both kinds) and, view-only, the reading corrections and each
kind's activation history (who, when, from → to)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamitaiou.accounts.models import Role
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.admin import ReadOnlyAdmin
from kamitaiou.readings.model_files import (
    COACH,
    READER,
    ModelKind,
    do_activate_model,
    do_restore_shipped_model,
)
from kamitaiou.readings.models import (
    CoachActivation,
    CoachModel,
    ReaderActivation,
    ReaderModel,
    ReadingCorrection,
    TrainedModel,
)

RESTORE = "restore_shipped"
SWITCHING_ACTIONS = ("activate", RESTORE)


def _agreement(value: Any) -> str:
    """``[agreeing, judged]`` as 「3/4 (75%)」."""
    try:
        agree, total = (int(n) for n in value)
    except (TypeError, ValueError):
        return "—"
    return f"{agree}/{total} ({agree / total:.0%})" if total else "0/0"


class TrainedModelAdmin(ReadOnlyAdmin):
    """The models of one kind: activate one (「有効にする」) or go back to the shipped model
    (「出荷時のモデルに戻す」, no row needs choosing). Only admins see or run the actions."""

    kind: ClassVar[ModelKind]
    kind_label: ClassVar[Promise]
    activated_message: ClassVar[Promise]
    restored_message: ClassVar[Promise]
    list_select_related = ["activated_by"]
    actions = ["activate", RESTORE]

    @admin.display(description=gettext_lazy("kind"))
    def kind_name(self, obj: TrainedModel) -> str:
        return str(self.kind_label)

    @admin.display(description=gettext_lazy("figures"))
    def figures_summary(self, obj: TrainedModel) -> str:
        figures = obj.figures or {}
        if "after" not in figures:
            return "—"
        return _(
            "held out %(held)s: rules %(rules)s, in force %(in_force)s → retrained %(after)s"
        ) % {
            "held": figures.get("held_out", "—"),
            "rules": _agreement(figures.get("rules")),
            "in_force": _agreement(figures.get("in_force")),
            "after": _agreement(figures.get("after")),
        }

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        found = super().get_actions(request)
        if getattr(request.user, "role", None) != Role.ADMIN:
            for name in SWITCHING_ACTIONS:
                found.pop(name, None)
        return found

    @admin.action(description=gettext_lazy("Activate"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Choose exactly one model to activate."), messages.ERROR)
            return
        try:
            row = do_activate_model(request.user, chosen[0])
        except ActionError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        message = str(self.activated_message) % {"name": row.file_name}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Back to the shipped model"))
    def restore_shipped(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        try:
            do_restore_shipped_model(request.user, kind=self.kind)
        except ActionError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(request, str(self.restored_message), messages.SUCCESS)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Going back to the shipped model concerns no row: let it run without a selection.
        if (
            request.method == "POST"
            and request.POST.get("action") == RESTORE
            and not request.POST.getlist(ACTION_CHECKBOX_NAME)
        ):
            first = self.kind.row.objects.values_list("pk", flat=True).first()
            if first is not None:
                post = request.POST.copy()
                post.setlist(ACTION_CHECKBOX_NAME, [str(first)])
                request.POST = post  # type: ignore[assignment]
        return super().changelist_view(request, extra_context)


@admin.register(ReaderModel)
class ReaderModelAdmin(TrainedModelAdmin):
    kind = READER
    kind_label = gettext_lazy("reader")
    activated_message = gettext_lazy(
        "%(name)s is now in force (every process within 30 seconds). "
        "Run `kamitaiou reanalyze` to refresh the stored readings."
    )
    restored_message = gettext_lazy(
        "The shipped model is in force again (every process within 30 seconds). "
        "Run `kamitaiou reanalyze` to refresh the stored readings."
    )
    list_display = [
        "file_name",
        "kind_name",
        "active",
        "created_at",
        "created_by",
        "rows",
        "corrections",
        "activated_at",
        "activated_by",
    ]
    readonly_fields = [f.name for f in ReaderModel._meta.fields]


@admin.register(CoachModel)
class CoachModelAdmin(TrainedModelAdmin):
    kind = COACH
    kind_label = gettext_lazy("coach")
    activated_message = gettext_lazy(
        "%(name)s is now the coach's checker (every process within 30 seconds)."
    )
    restored_message = gettext_lazy(
        "The coach's shipped checker is in force again (every process within 30 seconds)."
    )
    list_display = [
        "file_name",
        "kind_name",
        "active",
        "figures_summary",
        "created_at",
        "created_by",
        "rows",
        "overrides",
        "activated_at",
        "activated_by",
    ]
    readonly_fields = [f.name for f in CoachModel._meta.fields]


@admin.register(ReadingCorrection)
class ReadingCorrectionAdmin(ReadOnlyAdmin):
    list_display = ["interaction", "case", "actor", "created_at", "anger_before", "anger_after"]
    list_select_related = ["interaction", "case", "actor"]
    raw_id_fields = ["interaction", "case"]
    show_full_result_count = False


class ModelActivationAdmin(ReadOnlyAdmin):
    list_display = ["at", "source", "target", "actor"]
    list_select_related = ["previous", "model", "actor"]

    @admin.display(description=gettext_lazy("switched from"))
    def source(self, obj: Any) -> str:
        return str(obj.previous or _("the shipped model"))

    @admin.display(description=gettext_lazy("switched to"))
    def target(self, obj: Any) -> str:
        return str(obj.model or _("the shipped model"))


@admin.register(ReaderActivation)
class ReaderActivationAdmin(ModelActivationAdmin):
    pass


@admin.register(CoachActivation)
class CoachActivationAdmin(ModelActivationAdmin):
    pass
