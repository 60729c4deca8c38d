"""Exports: CSV with a BOM or in Shift_JIS, .xlsx, Japanese headers, Tokyo times, the
inbox's filter and access, streamed; the ``kamitaiou export cases`` command."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from kamitaiou.cases.models import Case
from tests.conftest import make_case
from tests.reports.conftest import closed_case

pytestmark = pytest.mark.django_db
EXPORT = "/reports/export/cases"


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse | FileResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def cases(operator_a, operator_b):
    mine = make_case(operator_a, title="納期遅延のお詫び①", assignee=operator_a)
    Case.objects.filter(pk=mine.pk).update(opened_at=datetime(2026, 11, 2, 0, 30, tzinfo=UTC))
    make_case(operator_b, title="大阪の案件", assignee=operator_b)
    return mine


def test_cases_csv_starts_with_a_bom_and_has_japanese_headers_and_tokyo_times(
    client, cases, operator_a
):
    client.force_login(operator_a)
    response = client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="cases.csv"' in response["Content-Disposition"]
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("案件番号,種別,段階,件名")
    assert "納期遅延のお詫び①" in text
    assert "2026-11-02 09:30" in text  # 00:30 UTC is 09:30 in Tokyo
    assert "大阪の案件" not in text  # another team's case is never exported


def test_cases_csv_in_shift_jis_on_request(client, cases, operator_a):
    client.force_login(operator_a)
    response = client.get(EXPORT, {"encoding": "shift_jis"})
    assert response["Content-Type"] == "text/csv; charset=Shift_JIS"
    data = body(response)
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "納期遅延のお詫び①" in data.decode("cp932")


def test_cases_export_follows_the_inbox_filter(client, operator_a):
    make_case(operator_a, title="クレーム案件", assignee=operator_a)
    make_case(operator_a, title="無理難題の案件", kind="unreasonable_demand", assignee=operator_a)
    client.force_login(operator_a)
    text = body(client.get(EXPORT, {"kind": "unreasonable_demand"})).decode("utf-8-sig")
    assert "無理難題の案件" in text
    assert "クレーム案件" not in text


def test_cases_export_follows_the_inbox_filters_beyond_kind(client, operator_a):
    angry = make_case(operator_a, title="怒りの案件", assignee=operator_a)
    Case.objects.filter(pk=angry.pk).update(anger=3)
    make_case(operator_a, title="穏やかな案件", assignee=operator_a)
    client.force_login(operator_a)
    text = body(client.get(EXPORT, {"anger": "3"})).decode("utf-8-sig")
    assert "怒りの案件" in text
    assert "穏やかな案件" not in text


def test_the_inbox_links_to_the_export_of_its_current_filters(client, operator_a):
    make_case(operator_a, title="無理難題の案件", kind="unreasonable_demand", assignee=operator_a)
    client.force_login(operator_a)
    html = client.get("/", {"kind": "unreasonable_demand"}).content.decode()
    assert f'href="{EXPORT}?kind=unreasonable_demand" id="export-csv"' in html
    assert f'href="{EXPORT}?kind=unreasonable_demand&amp;format=xlsx" id="export-xlsx"' in html


def test_cases_xlsx_has_japanese_headers(client, cases, operator_a):
    client.force_login(operator_a)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("案件番号", "種別", "段階", "件名")
    assert rows[1][3] == "納期遅延のお詫び①"
    assert rows[1][9] == "2026-11-02 09:30"


def test_export_needs_a_login(client):
    assert client.get(EXPORT).status_code == 302


def test_every_report_table_downloads_as_csv_and_all_as_xlsx(client, supervisor_a, operator_a):
    closed_case(operator_a, ending="fan")
    client.force_login(supervisor_a)
    text = body(client.get("/reports/tables/endings.csv")).decode("utf-8-sig")
    assert text.splitlines()[0] == "結末,件数"
    assert "ファン" in text
    assert client.get("/reports/tables/nonsense.csv").status_code == 404
    assert client.get("/reports/tables/endings.csv", {"period": "custom"}).status_code == 400
    workbook = load_workbook(io.BytesIO(body(client.get("/reports/report.xlsx"))), read_only=True)
    assert "結末" in workbook.sheetnames
    assert len(workbook.sheetnames) == 13


def test_export_command_writes_csv_to_stdout_and_xlsx_to_a_file(
    cases, tmp_path, capfdbinary, team_a
):
    call_command("export", "cases", "--format", "csv", "--team", team_a.name, "--output", "-")
    out = capfdbinary.readouterr().out
    assert out.startswith(b"\xef\xbb\xbf")
    text = out.decode("utf-8-sig")
    assert "納期遅延のお詫び①" in text and "大阪の案件" not in text
    target = tmp_path / "cases.xlsx"
    call_command(
        "export", "cases", "--format", "xlsx", "--since", "2026-11-01", "--output", str(target)
    )
    rows = list(load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "案件番号"


@pytest.mark.parametrize(
    "args", [["--team", "どこにもない"], ["--team", "999999"], ["--since", "yesterday"]]
)
def test_export_command_rejects_bad_arguments(args, tmp_path, db):
    with pytest.raises(CommandError):
        call_command("export", "cases", *args, "--output", str(tmp_path / "x.csv"))


def test_csv_lines_stream_one_row_at_a_time():
    from kamitaiou.reports.exports import csv_lines

    def rows():
        yield ["見出し"]
        for n in range(100_000):
            yield [n]

    lines = csv_lines(rows())
    assert next(lines).decode("utf-8-sig") == "見出し\r\n"
    assert next(lines) == b"0\r\n"
