"""The printable case record (decision 0023): printing is a POST, because each printed copy
goes on the record (who, when) before the page is shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from kamitaiou.cases.access import get_case_for_user
from kamitaiou.cases.record_print import do_print_record, printable_record


@require_POST
@login_required
def print_record(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record that the case was printed, then show the whole record ready to print.

    The page is the answer to the POST itself (no redirect to a GET): a copy can only be
    had through this action, so none goes unrecorded. Who may open the case may print it."""
    case = get_case_for_user(request, case_id)
    printed = do_print_record(request.user, case)
    case = get_case_for_user(request, case_id)
    record = printable_record(case, printed=printed)
    return render(request, "cases/record_print.html", {"record": record, "case": case})
