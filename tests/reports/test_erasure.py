"""A customer's erasure empties the finished .xlsx exports that may hold them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kamitaiou.cases.erasure import do_erase_customer
from kamitaiou.cases.verify import verify_records
from kamitaiou.reports import export_jobs, exports
from kamitaiou.reports.models import ExportJob, ExportState
from tests.conftest import make_case, make_customer
from tests.privacy.erasure_support import WORDS, erase_in_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(operator_a, settings):
    settings.KAMITAIOU_EXPORT_INLINE_MAX = 1
    customer = make_customer(operator_a.teams.first(), WORDS)
    make_case(operator_a, customer=customer, title=f"{WORDS}様 返金", assignee=operator_a)
    make_case(operator_a, title="別のお客様の件", assignee=operator_a)
    return customer


def finished_export(client, user):
    client.force_login(user)
    client.post("/reports/exports/", {"params": "tab=team"})
    job = ExportJob.objects.order_by("-pk").first()
    assert export_jobs.build_export.call(job.pk) == "done"
    job.refresh_from_db()
    return job


def cells(content):
    sheet = load_workbook(io.BytesIO(bytes(content))).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)


def test_a_finished_export_is_emptied_and_its_page_says_why(
    client, operator_a, admin_user, customer
):
    job = finished_export(client, operator_a)
    assert job.state == ExportState.DONE and WORDS in cells(job.content)

    erase_in_admin(client, admin_user, customer)

    job.refresh_from_db()
    assert (job.state, bytes(job.content)) == (ExportState.ERASED, b"")
    assert verify_records().problems == []
    client.force_login(operator_a)
    page = client.get(f"/reports/exports/{job.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "個人データの削除により、このエクスポートは消去されました" in body
    assert f"/reports/exports/{job.pk}/download" not in body
    assert client.get(f"/reports/exports/{job.pk}/download").status_code == 404
    later = finished_export(client, operator_a)  # an export after the erasure is kept
    assert later.state == ExportState.DONE and WORDS not in cells(later.content)


def test_an_export_being_written_during_the_erasure_is_dropped(
    client, operator_a, admin_user, customer, monkeypatch
):
    client.force_login(operator_a)
    client.post("/reports/exports/", {"params": "tab=team"})
    job = ExportJob.objects.get()
    write_xlsx = exports.write_xlsx

    def erased_meanwhile(sheets, out):
        write_xlsx(sheets, out)  # the rows were read before the erasure
        do_erase_customer(admin_user, customer, reason="ご本人からの削除請求")

    monkeypatch.setattr(exports, "write_xlsx", erased_meanwhile)
    export_jobs.build_export.call(job.pk)

    job.refresh_from_db()
    assert (job.state, bytes(job.content)) == (ExportState.ERASED, b"")
