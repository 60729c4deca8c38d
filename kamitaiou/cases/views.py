"""Pages of the cases app. Views fetch through ``access`` and change through ``actions``.

The inbox (the list of cases) is the ``kamitaiou.inbox`` app."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kamitaiou.cases import coaching, picker, presence, reply_channels, search, workflow
from kamitaiou.cases.access import (
    get_case_for_user,
    get_customer_for_user,
    visible_cases,
    visible_customers,
)
from kamitaiou.cases.actions import (
    ActionError,
    NewCustomer,
    NewMessagesError,
    do_add_interaction,
    do_assign_case,
    do_create_case,
)
from kamitaiou.cases.banners import customer_banners
from kamitaiou.cases.disclosure import may_disclose
from kamitaiou.cases.forms import InteractionForm, NewCaseForm
from kamitaiou.cases.method_forms import TakeCaseForm
from kamitaiou.cases.models import Case, Contract, Direction
from kamitaiou.cases.panel import method_panel
from kamitaiou.cases.side_panels import side_panels
from kamitaiou.cases.timeline import timeline_for
from kamitaiou.params import parse_id


@require_GET
@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    return render_case(request, case)


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    form: InteractionForm | None = None,
    bound: dict[str, Any] | None = None,
    unseen: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; ``form``/``bound`` carry rejected input back with its errors,
    ``unseen`` the customer messages a refused reply had not seen yet."""
    entries, older = timeline_for(case, before=request.GET.get("before"))
    panel = method_panel(case, user=request.user, bound=bound)
    send_offers = reply_channels.offers_for(request.user, case)
    context = {
        "case": case,
        "form": form or InteractionForm(),
        "send_offers": send_offers,
        "send_chosen": form.data.get("send", "") if form is not None else "",
        # the guard against replying past messages not read: the newest one shown now
        "seen_inbound": _newest_inbound(case, entries=entries, complete=older is None),
        "unseen": unseen or [],
        # who else is here: filled by the page's first heartbeat (htmx, on load)
        "heartbeat_seconds": presence.HEARTBEAT_SECONDS,
        "entries": entries,
        "older": older,
        "stage_label": workflow.stage_label(case.kind, case.stage),
        "can_take": panel["can_take"],
        # whoever may open the case may print its record (decision 0023)
        "can_print": True,
        "panel": panel,
        "drafts": coaching.drafts(case, writer=request.user),
        "side_panels": side_panels(request, case),
        "banners": customer_banners(case.customer),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@require_POST
@login_required
def add_interaction(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    offers = reply_channels.offers_for(request.user, case)
    form = InteractionForm(request.POST, opened_at=case.opened_at, case=case, send_offers=offers)
    if not form.is_valid():
        return render_case(request, case, form=form, status=400)
    unseen = None
    try:
        do_add_interaction(
            request.user, case, coach_shown=request.POST.get("coach_shown", ""), **form.cleaned_data
        )
    except ActionError as exc:
        form.add_error(None, exc.message)
        unseen = exc.unseen if isinstance(exc, NewMessagesError) else None
        case = get_case_for_user(request, case_id)
        return render_case(request, case, form=form, unseen=unseen, status=400)
    if form.cleaned_data["send"]:
        messages.success(request, _("The reply was recorded and is waiting to be sent."))
    else:
        messages.success(request, _("The interaction was recorded."))
    return redirect("case_detail", case_id=case.pk)


def _newest_inbound(case: Case, *, entries: list[Any], complete: bool) -> int:
    """The newest customer message of the case (0: none); read off the timeline when it
    shows the whole record, so the page spends no query on it."""
    if complete:
        return max(
            (
                e.interaction_id
                for e in entries
                if e.interaction is not None and e.interaction.direction == Direction.IN
            ),
            default=0,
        )
    newest = (
        case.interactions.filter(direction=Direction.IN)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return newest or 0


@require_POST
@login_required
def take_case(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    form = TakeCaseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if not form.is_valid():
            raise ActionError(" ".join(form.errors.get("reason", [])))
        do_assign_case(request.user, case, assignee=request.user, reason=reason)
    except ActionError as exc:
        messages.error(request, exc.message)
        return render_case(request, get_case_for_user(request, case_id), status=400)
    messages.success(request, _("You are now responsible for this case."))
    return redirect("case_detail", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@login_required
def new_case(request: HttpRequest) -> HttpResponse:
    """The new-case form. 「検索」 refreshes the customer picker without losing what was
    typed: by htmx (only the picker is swapped) or, without JavaScript, by posting the
    form back with ``find_customer`` (re-shown as typed, nothing saved)."""
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[: search.MAX_QUERY]
    selected = source.get("customer")
    choices = picker.customer_choices(request, query=query, selected=selected)
    finding = request.method == "POST" and "find_customer" in request.POST
    if finding:
        form = NewCaseForm(user=request.user, customer_choices=choices, initial=request.POST.dict())
    else:
        initial = {"customer": request.GET.get("customer", "")}
        form = NewCaseForm(
            request.POST or None, user=request.user, customer_choices=choices, initial=initial
        )
    if request.method == "POST" and not finding and form.is_valid():
        case = _create_from_form(request, form.cleaned_data)
        if case is not None:
            messages.success(request, _("The case was opened."))
            return redirect("case_detail", case_id=case.pk)
    status = 400 if request.method == "POST" and not finding else 200
    context = {"form": form, "q": query, "found": len(choices)}
    return render(request, "cases/new_case.html", context, status=status)


@require_GET
@login_required
def customer_picker(request: HttpRequest) -> HttpResponse:
    """htmx partial: the customer picker of the new-case page for the search ``q``."""
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY]
    selected = request.GET.get("customer", "")
    choices = picker.customer_choices(request, query=query, selected=selected)
    form = NewCaseForm(user=request.user, customer_choices=choices, initial={"customer": selected})
    context = {"form": form, "q": query, "found": len(choices)}
    return render(request, "cases/_customer_picker.html", context)


def _create_from_form(request: HttpRequest, data: dict[str, Any]) -> Case | None:
    new_customer = None
    if data.get("customer") is None:
        new_customer = NewCustomer(
            name=data["new_customer_name"],
            name_kana=data["new_customer_kana"],
            company=data["new_customer_company"],
            phone=data["new_customer_phone"],
            email=data["new_customer_email"],
            team=data["team"],
        )
    return do_create_case(
        request.user,
        kind=data["kind"],
        title=data["title"],
        team=data["team"],
        priority=data["priority"],
        customer=data.get("customer"),
        new_customer=new_customer,
        contract=data.get("contract"),
        assignee=request.user,
        channel=data["channel"],
        first_message=data["first_message"],
    )


@require_GET
@login_required
def customer_contracts(request: HttpRequest) -> HttpResponse:
    """htmx partial: the contract options of the customer chosen on the new-case page."""
    customer_id = parse_id(request.GET.get("customer", ""))
    contracts: Any = Contract.objects.none()
    if customer_id is not None:
        contracts = Contract.objects.filter(
            customer__in=visible_customers(request), customer_id=customer_id
        )[:100]
    return render(request, "cases/_contract_options.html", {"contracts": contracts})


@require_GET
@login_required
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = get_customer_for_user(request, customer_id)
    cases = (
        visible_cases(request)
        .filter(customer=customer)
        .select_related("customer", "assignee")
        .order_by("-opened_at")[:200]
    )
    rows = [(case, workflow.stage_label(case.kind, case.stage)) for case in cases]
    return render(
        request,
        "cases/customer_detail.html",
        {
            "customer": customer,
            "rows": rows,
            "contracts": customer.contracts.all()[:100],
            "banners": customer_banners(customer),
            "can_disclose": may_disclose(request.user),
        },
    )
