"""The import of customers and contracts: the check (preview), the all-or-nothing import,
re-imports, encodings and .xlsx, the search index, who may import, and the command."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kamitaiou.cases import events
from kamitaiou.cases.models import Case, CaseKind, Contract, Customer
from kamitaiou.reports import import_jobs, importing
from kamitaiou.reports.models import ImportedCustomer, ImportJob, ImportState
from kamitaiou.search.models import SearchDocument, Source

pytestmark = pytest.mark.django_db

HEADER = "顧客ID,会社名,氏名,フリガナ,電話,メール,契約名,開始日,終了日,契約条項"
YAMADA = "C001,株式会社山田商事,山田 太郎,ヤマダ タロウ,03-1234-5678,taro@example.jp"
GOOD = [
    YAMADA + ",保守契約,2026/04/01,2027/03/31,第5条 返品不可",
    YAMADA + ",複合機リース,令和8年5月1日,,",
    ",佐藤工業㈱,佐藤 花子,さとう はなこ,090-1111-2222,hanako@example.jp,清掃サービス,2026-06-01,,",
]
BAD = ",,鈴木 一郎,スズキ イチロウ,,not-an-address,,,,"


def csv_bytes(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding)


def run(content: bytes, team, *, skip: bool = False, actor=None) -> importing.Counts:
    checked = importing.check(content, filename="crm.csv", team=team)
    return importing.apply(checked, actor=actor, team=team, skip_invalid=skip)


def test_a_good_file_imports_customers_with_their_contracts(team_a, supervisor_a):
    counts = run(csv_bytes(*GOOD), team_a, actor=supervisor_a)
    assert (counts.new_customers, counts.new_contracts) == (2, 3)
    yamada = Customer.objects.get(email="taro@example.jp")
    assert (yamada.company, yamada.name_kana, yamada.team) == (
        "株式会社山田商事",
        "ヤマダ タロウ",
        team_a,
    )
    assert sorted(c.product for c in yamada.contracts.all()) == ["保守契約", "複合機リース"]
    lease = yamada.contracts.get(product="複合機リース")
    assert (lease.start_date, lease.end_date) == (date(2026, 5, 1), None)
    assert yamada.contracts.get(product="保守契約").terms == "第5条 返品不可"
    assert Customer.objects.get(email="hanako@example.jp").name_kana == "サトウ ハナコ"
    assert ImportedCustomer.objects.get(external_id="C001").customer == yamada


def test_imported_contracts_are_announced_but_open_no_after_follow_case(team_a, supervisor_a):
    seen: list[events.ContractSaved] = []
    events.subscribe(events.ContractSaved, seen.append)
    try:
        run(csv_bytes(*GOOD), team_a, actor=supervisor_a)
    finally:
        events.unsubscribe(events.ContractSaved, seen.append)
    assert [saved.created for saved in seen] == [True, True, True]
    assert not Case.objects.filter(kind=CaseKind.AFTER_FOLLOW).exists()


def test_importing_the_same_file_again_changes_nothing(team_a):
    run(csv_bytes(*GOOD), team_a)
    again = run(csv_bytes(*GOOD), team_a)
    assert (again.new_customers, again.changed_customers, again.unchanged_customers) == (0, 0, 2)
    assert (again.new_contracts, again.changed_contracts) == (0, 0)
    assert Customer.objects.count() == 2
    assert Contract.objects.count() == 3


def test_a_reimport_finds_the_customer_by_id_or_email_and_updates_only_what_changed(team_a):
    run(csv_bytes(*GOOD), team_a)
    changed = [
        "C001,株式会社山田商事,山田 太郎,ヤマダ タロウ,03-9999-0000,new@example.jp,"
        "保守契約,2026/04/01,2028/03/31,",
        ",佐藤工業㈱,佐藤 花子,,,HANAKO@example.jp,清掃サービス,2026-06-01,,",
    ]
    counts = run(csv_bytes(*changed), team_a)
    assert (counts.new_customers, counts.changed_customers, counts.unchanged_customers) == (0, 1, 1)
    assert counts.changed_contracts == 1
    yamada = Customer.objects.get(external_ids__external_id="C001")
    assert (yamada.phone, yamada.email) == ("03-9999-0000", "new@example.jp")
    assert yamada.contracts.get(product="保守契約").end_date == date(2028, 3, 31)
    assert yamada.contracts.get(product="保守契約").terms == "第5条 返品不可"  # empty: kept
    assert Customer.objects.get(email="hanako@example.jp").phone == "090-1111-2222"


def test_nothing_is_written_while_a_row_is_bad(team_a):
    checked = importing.check(csv_bytes(GOOD[0], BAD), filename="crm.csv", team=team_a)
    assert checked.bad_rows == {3}
    with pytest.raises(importing.StaleCheck):
        importing.apply(checked, actor=None, team=team_a, skip_invalid=False)
    assert not Customer.objects.exists()


def test_skipping_the_bad_rows_imports_the_others(team_a):
    counts = run(csv_bytes(GOOD[0], BAD), team_a, skip=True)
    assert counts.new_customers == 1
    assert list(Customer.objects.values_list("name", flat=True)) == ["山田 太郎"]


def test_an_error_half_way_rolls_the_whole_import_back(team_a, monkeypatch):
    checked = importing.check(csv_bytes(*GOOD), filename="crm.csv", team=team_a)
    calls = []

    def failing(actor, customer, **data):
        calls.append(data)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(actor, customer, **data)

    real = importing.do_create_contract
    monkeypatch.setattr(importing, "do_create_contract", failing)
    with pytest.raises(RuntimeError):
        importing.apply(checked, actor=None, team=team_a, skip_invalid=False)
    assert not Customer.objects.exists()
    assert not Contract.objects.exists()


def test_shift_jis_files_are_read(team_a):
    counts = run(csv_bytes(*GOOD, encoding="cp932"), team_a)
    assert counts.new_customers == 2
    assert Customer.objects.filter(company="佐藤工業㈱").exists()


def test_utf8_without_a_bom_is_read(team_a):
    assert run(csv_bytes(*GOOD, encoding="utf-8"), team_a).new_customers == 2


def test_a_file_in_another_encoding_is_refused_as_a_whole(team_a):
    checked = importing.check(csv_bytes(*GOOD, encoding="utf-16"), filename="crm.csv", team=team_a)
    assert not checked.readable
    assert [p.code for p in checked.problems()] == ["bad_encoding"]


def test_xlsx_files_are_read_with_date_cells(team_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["お名前", "メールアドレス", "商品名", "契約開始日", "契約終了日"])
    sheet.append(
        ["山田 太郎", "taro@example.jp", "保守契約", datetime(2026, 4, 1), "令和9年3月31日"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked = importing.check(buffer.getvalue(), filename="crm.xlsx", team=team_a)
    assert checked.readable and not checked.bad_rows
    importing.apply(checked, actor=None, team=team_a, skip_invalid=False)
    contract = Contract.objects.get()
    assert (contract.start_date, contract.end_date) == (date(2026, 4, 1), date(2027, 3, 31))


def test_two_customers_of_the_team_with_the_email_make_the_row_ambiguous(team_a):
    Customer.objects.create(name="A", email="same@example.jp", team=team_a)
    Customer.objects.create(name="B", email="same@example.jp", team=team_a)
    checked = importing.check(
        csv_bytes(",,C,,,same@example.jp,,,,"), filename="crm.csv", team=team_a
    )
    assert [p.code for p in checked.problems()] == ["ambiguous"]


def test_another_teams_customer_with_the_email_is_not_touched(team_a, team_b):
    other = Customer.objects.create(name="大阪の山田", email="taro@example.jp", team=team_b)
    run(csv_bytes(GOOD[0]), team_a)
    other.refresh_from_db()
    assert other.name == "大阪の山田"
    assert Customer.objects.filter(team=team_a, email="taro@example.jp").exists()


def test_the_search_index_sees_imported_customers_and_their_products(team_a):
    run(csv_bytes(GOOD[0]), team_a)
    customer = Customer.objects.get()
    doc = SearchDocument.objects.get(source=Source.CUSTOMER, customer=customer)
    assert "保守契約" in doc.folded


def test_the_check_predicts_what_the_import_will_do(team_a):
    run(csv_bytes(GOOD[0]), team_a)
    checked = importing.check(csv_bytes(*GOOD), filename="crm.csv", team=team_a)
    c = checked.counts
    assert (c.new_customers, c.unchanged_customers, c.new_contracts) == (1, 1, 2)


# --- the job in the worker ----------------------------------------------------------


def make_job(team, user, content: bytes) -> ImportJob:
    return ImportJob.objects.create(team=team, created_by=user, filename="crm.csv", content=content)


def test_the_checked_job_stores_its_report_and_the_import_runs_after_confirmation(
    team_a, supervisor_a
):
    job = make_job(team_a, supervisor_a, csv_bytes(GOOD[0], BAD))
    assert import_jobs.check_import.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.rows, job.invalid_rows) == (ImportState.READY, 2, 1)
    assert [(p.row, p.column, p.code) for p in job.problems.all()] == [(3, "メール", "bad_email")]
    assert not import_jobs.start_import(job, skip_invalid=False)
    assert import_jobs.start_import(job, skip_invalid=True)
    assert import_jobs.run_import.call(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.new_customers, job.content) == (ImportState.DONE, 1, b"")


def test_rows_that_turned_bad_after_the_preview_stop_the_import(team_a, supervisor_a):
    job = make_job(team_a, supervisor_a, csv_bytes(",,C,,,same@example.jp,,,,"))
    import_jobs.check_import.call(job.pk)
    Customer.objects.create(name="A", email="same@example.jp", team=team_a)
    Customer.objects.create(name="B", email="same@example.jp", team=team_a)
    assert import_jobs.start_import(ImportJob.objects.get(pk=job.pk), skip_invalid=False)
    import_jobs.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.READY
    assert job.invalid_rows == 1
    assert Customer.objects.filter(name="C").count() == 0


# --- the pages ----------------------------------------------------------------------


def upload(client, team, content: bytes, name: str = "crm.csv"):
    return client.post(
        "/reports/import/", {"team": team.pk, "file": SimpleUploadedFile(name, content)}
    )


def test_a_supervisor_uploads_and_the_check_is_queued_for_the_worker(
    client, team_a, supervisor_a, django_capture_on_commit_callbacks
):
    client.force_login(supervisor_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, team_a, csv_bytes(*GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/import/{job.pk}/"
    assert len(callbacks) == 1
    page = client.get(f"/reports/import/{job.pk}/")
    assert "import-progress" in page.content.decode()
    assert client.get(f"/reports/import/{job.pk}/progress").status_code == 200


def test_the_preview_lists_each_bad_row_in_japanese(client, team_a, supervisor_a):
    job = make_job(team_a, supervisor_a, csv_bytes(GOOD[0], BAD))
    import_jobs.check_job(job)
    client.force_login(supervisor_a)
    html = client.get(f"/reports/import/{job.pk}/").content.decode()
    assert "メールアドレスの形式が正しくありません" in html
    assert 'name="skip_invalid"' in html
    assert client.get(f"/reports/import/{job.pk}/progress")["HX-Refresh"] == "true"
    errors = client.get(f"/reports/import/{job.pk}/errors.csv")
    assert "メールアドレスの形式" in b"".join(errors.streaming_content).decode("utf-8-sig")


def test_confirming_without_skipping_bad_rows_is_refused(client, team_a, supervisor_a):
    job = make_job(team_a, supervisor_a, csv_bytes(GOOD[0], BAD))
    import_jobs.check_job(job)
    client.force_login(supervisor_a)
    assert client.post(f"/reports/import/{job.pk}/run").status_code == 409
    response = client.post(f"/reports/import/{job.pk}/run", {"skip_invalid": "on"})
    assert response.status_code == 302
    assert ImportJob.objects.get(pk=job.pk).state == ImportState.IMPORTING


def test_operators_and_sales_reps_may_not_import(client, operator_a, rep_a):
    for user in (operator_a, rep_a):
        client.force_login(user)
        assert client.get("/reports/import/").status_code == 403


def test_a_supervisor_cannot_import_into_or_see_another_teams_import(
    client, team_a, team_b, supervisor_a, admin_user
):
    client.force_login(supervisor_a)
    assert upload(client, team_b, csv_bytes(*GOOD)).status_code == 400
    job = make_job(team_b, admin_user, csv_bytes(*GOOD))
    assert client.get(f"/reports/import/{job.pk}/").status_code == 404
    assert client.post(f"/reports/import/{job.pk}/run").status_code == 404
    client.force_login(admin_user)
    assert client.get(f"/reports/import/{job.pk}/").status_code == 200


def test_the_upload_rejects_the_wrong_method_and_a_file_of_another_kind(
    client, team_a, supervisor_a
):
    client.force_login(supervisor_a)
    assert client.put("/reports/import/").status_code == 405
    assert client.get("/reports/import/1/run").status_code == 405
    assert upload(client, team_a, b"%PDF", name="crm.pdf").status_code == 400
    assert not ImportJob.objects.exists()


# --- the command --------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_one_line_per_error(tmp_path, team_a, capsys):
    path = tmp_path / "crm.csv"
    path.write_bytes(csv_bytes(GOOD[0], BAD))
    with pytest.raises(CommandError, match="1 rows with errors"):
        call_command("import", "customers", str(path))
    assert "crm.csv:3: メール: メールアドレスの形式が正しくありません" in capsys.readouterr().err
    assert not Customer.objects.exists()
    call_command("import", "customers", str(path), "--skip-invalid", "--dry-run")
    assert "would be imported" in capsys.readouterr().out
    assert not Customer.objects.exists()
    call_command("import", "customers", str(path), "--skip-invalid", "--team", team_a.name)
    out = capsys.readouterr()
    assert "customers 1 new" in out.out
    assert "取り込み [" in out.err
    assert Customer.objects.count() == 1
