"""CSV and .xlsx out (issue #15, item 4): Japanese headers, Asia/Tokyo times, streamed.

CSV is UTF-8 with a BOM (so Japanese Excel opens it) or, on request, Shift_JIS — written
as ``cp932``, the Shift_JIS Windows and Excel really use (①, ㈱ and NEC specials included);
a character it cannot hold becomes 「?」 rather than failing the download.
The .xlsx is written by openpyxl's write-only mode row by row into a temporary file, so
memory stays flat in the number of rows; the file is then streamed.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamitaiou.cases.labels import label
from kamitaiou.cases.models import Case
from kamitaiou.inbox.page import filters_for
from kamitaiou.inbox.query import inbox_queryset

BOM = "\ufeff"
CHUNK = 2000
#: Excel's limit is 31 characters and no []:*?/\\
SHEET_NAME_MAX = 31


class _Echo:
    """A file-like object whose ``write`` returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value


def csv_lines(rows: Iterable[Iterable[Any]], *, encoding: str = "utf-8") -> Iterator[bytes]:
    """``rows`` as encoded CSV lines; UTF-8 starts with a BOM."""
    writer = csv.writer(_Echo())
    codec = "cp932" if encoding == "shift_jis" else "utf-8"
    first = True
    for row in rows:
        line = writer.writerow([_cell(value) for value in row])
        if first and codec == "utf-8":
            line = BOM + line
        first = False
        yield line.encode(codec, errors="replace")


def csv_response(
    rows: Iterable[Iterable[Any]], *, filename: str, encoding: str = "utf-8"
) -> StreamingHttpResponse:
    charset = "Shift_JIS" if encoding == "shift_jis" else "utf-8"
    response = StreamingHttpResponse(
        csv_lines(rows, encoding=encoding), content_type=f"text/csv; charset={charset}"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:SHEET_NAME_MAX] or "Sheet"
    name, n = clean, 2
    while name in used:
        suffix = f" ({n})"
        name, n = clean[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def write_xlsx(sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], target: IO[bytes]) -> None:
    """Write ``sheets`` (title, rows) to ``target`` row by row (write-only workbook)."""
    from openpyxl import Workbook  # noqa: PLC0415 — only exports need it

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for title, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(str(title), used))
        for row in rows:
            sheet.append([_cell(value) for value in row])
    workbook.save(target)


def xlsx_response(
    sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]], *, filename: str
) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    write_xlsx(sheets, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


CASE_FIELDS = (
    "pk",
    "kind",
    "stage",
    "title",
    "customer__company",
    "customer__name",
    "team__name",
    "assignee__display_name",
    "assignee__username",
    "priority",
    "opened_at",
    "first_response_at",
    "closed_at",
    "due_at",
)


def case_headers() -> list[str]:
    return [
        _("Case no."),
        _("Kind"),
        _("Stage"),
        _("Title"),
        _("Company"),
        _("Customer"),
        _("Team"),
        _("Assignee"),
        _("Priority"),
        _("Opened"),
        _("First response"),
        _("Closed"),
        _("Due"),
    ]


def case_table(cases: QuerySet[Case]) -> Iterator[list[Any]]:
    """A header row, then one row per case, read in chunks (never all at once)."""
    yield case_headers()
    priorities = dict(Case._meta.get_field("priority").choices or [])
    rows = cases.order_by("pk").values_list(*CASE_FIELDS)
    for (
        pk,
        kind,
        stage,
        title,
        company,
        name,
        team,
        display,
        username,
        priority,
        *times,
    ) in rows.iterator(chunk_size=CHUNK):
        yield [
            pk,
            label("kind", kind),
            label("stage", stage),
            title,
            company,
            name,
            team,
            display or username or "",
            str(priorities.get(priority, priority)),
            *times,
        ]


def inbox_cases(request: HttpRequest) -> QuerySet[Case]:
    """The cases of the inbox's current filters (every one the inbox knows), parsed and
    queried by the inbox app itself, so the export is exactly the list the person sees."""
    return inbox_queryset(request, filters_for(request, request.GET))
