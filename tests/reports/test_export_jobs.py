"""Large .xlsx exports: written by the worker with progress, downloaded by their owner."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kamitaiou.reports import export_jobs, progress
from kamitaiou.reports.models import ExportJob, ExportState
from tests.conftest import make_case

pytestmark = pytest.mark.django_db
EXPORT = "/reports/export/cases"


@pytest.fixture
def three_cases(operator_a, operator_b, settings):
    settings.KAMITAIOU_EXPORT_INLINE_MAX = 2
    for title in ("納期遅延①", "請求の誤り", "配送の破損"):
        make_case(operator_a, title=title, assignee=operator_a)
    make_case(operator_b, title="大阪の案件")


def test_a_small_xlsx_is_still_written_in_the_request(client, operator_a, settings):
    make_case(operator_a, title="一件だけ")
    client.force_login(operator_a)
    response = client.get(EXPORT, {"format": "xlsx", "tab": "team"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_large_xlsx_is_written_by_the_worker_with_progress_and_then_downloaded(
    client, operator_a, three_cases, django_capture_on_commit_callbacks
):
    client.force_login(operator_a)
    page = client.get(EXPORT, {"format": "xlsx", "tab": "team"})
    assert page.status_code == 200
    assert 'id="export-start"' in page.content.decode()
    assert not ExportJob.objects.exists()  # looking does not start anything
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/reports/exports/", {"params": "tab=team"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/reports/exports/{job.pk}/"
    assert len(queued) == 1
    assert 'id="export-progress"' in client.get(f"/reports/exports/{job.pk}/").content.decode()
    progress.report("export", job.pk, 1, 4)
    assert 'value="25"' in client.get(f"/reports/exports/{job.pk}/progress").content.decode()

    assert export_jobs.build_export.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.rows) == (ExportState.DONE, 3)
    assert client.get(f"/reports/exports/{job.pk}/progress")["HX-Refresh"] == "true"
    download = client.get(f"/reports/exports/{job.pk}/download")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    titles = sorted(row[3] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["納期遅延①", "請求の誤り", "配送の破損"]  # the operator's team only
    assert sheet.cell(1, 1).value == "案件番号"


def test_an_export_is_its_owners_only(client, operator_a, operator_b):
    job = ExportJob.objects.create(user=operator_a, params="", state=ExportState.DONE)
    client.force_login(operator_b)
    assert client.get(f"/reports/exports/{job.pk}/").status_code == 404
    assert client.get(f"/reports/exports/{job.pk}/download").status_code == 404
    assert client.get("/reports/exports/").status_code == 405
