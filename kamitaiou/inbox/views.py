"""Pages of the inbox app. Cases come through ``cases.access``, saved views through
``inbox.access``; every change goes through ``inbox.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kamitaiou.accounts.models import User
from kamitaiou.cases.actions import ActionError
from kamitaiou.inbox import actions
from kamitaiou.inbox.access import get_view_for_user
from kamitaiou.inbox.forms import BulkForm, SaveViewForm, ViewNameForm
from kamitaiou.inbox.page import choices_for, filters_for, inbox_context


def _back_query(request: HttpRequest) -> str:
    """The filters the form was sent from (``back``), checked and canonical again."""
    return filters_for(request, QueryDict(request.POST.get("back", "")[:2000])).query()


def _back(request: HttpRequest) -> HttpResponse:
    query = _back_query(request)
    return redirect(reverse("inbox") + (f"?{query}" if query else ""))


def _refused(request: HttpRequest, errors: list[str], **extra: object) -> HttpResponse:
    """The inbox as it was, with ``errors`` on top (nothing was changed): a 400."""
    context = inbox_context(request, QueryDict(_back_query(request)))
    context.update(errors=errors, **extra)
    return render(request, "inbox/inbox.html", context, status=400)


def _form_errors(form: object) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]  # type: ignore[attr-defined]


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "inbox/inbox.html", inbox_context(request, request.GET))


@require_POST
@login_required
def save_view(request: HttpRequest) -> HttpResponse:
    form = SaveViewForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form), view_name=request.POST.get("name", "")[:80])
    query = filters_for(request, QueryDict(form.cleaned_data["query"])).query()
    try:
        view = actions.do_save_view(request.user, name=form.cleaned_data["name"], query=query)
    except ActionError as exc:
        return _refused(request, [exc.message], view_name=form.cleaned_data["name"])
    messages.success(request, _("The view 「%(name)s」 was saved.") % {"name": view.name})
    return redirect(reverse("inbox") + (f"?{query}" if query else ""))


@require_POST
@login_required
def rename_view(request: HttpRequest, view_id: int) -> HttpResponse:
    view = get_view_for_user(request, view_id)
    form = ViewNameForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    try:
        actions.do_rename_view(request.user, view, name=form.cleaned_data["name"])
    except ActionError as exc:
        return _refused(request, [exc.message])
    messages.success(request, _("The view was renamed."))
    return _back(request)


@require_POST
@login_required
def delete_view(request: HttpRequest, view_id: int) -> HttpResponse:
    view = get_view_for_user(request, view_id)
    actions.do_delete_view(request.user, view)
    messages.success(request, _("The view 「%(name)s」 was deleted.") % {"name": view.name})
    return _back(request)


@require_POST
@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """One action on the ticked cases, all or nothing (``inbox.actions.do_bulk_change``)."""
    case_ids = request.POST.getlist("case")
    people = choices_for(request).people
    form = BulkForm(request.POST, people=people, case_ids=case_ids)
    if not form.is_valid():
        return _refused(request, _form_errors(form), selected=case_ids[:100])
    data = form.cleaned_data
    change = actions.BulkChange(
        kind=data["action"],
        assignee=User.objects.get(pk=data["assignee"]) if data["action"] == "assign" else None,
        priority=data.get("priority"),
        note=data.get("note", ""),
    )
    try:
        done = actions.do_bulk_change(
            request.user, request, case_ids=data["case_ids"], change=change
        )
    except actions.BulkRefused as exc:
        message = _("Nothing was changed. Case %(case)s refused: %(reason)s") % {
            "case": f"#{exc.case_id}",
            "reason": exc.reason,
        }
        return _refused(request, [message], selected=case_ids)
    except ActionError as exc:
        return _refused(request, [exc.message], selected=case_ids)
    messages.success(request, _("%(count)d cases were changed.") % {"count": done})
    return _back(request)
