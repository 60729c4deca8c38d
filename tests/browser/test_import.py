"""A supervisor uploads a CRM export with one bad row, reads the check, chooses to skip the
row and imports the rest — the check and the import run in the worker, the page polls."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kamitaiou.cases.models import Customer
from tests.browser_support import log_in

pytestmark = pytest.mark.browser

CSV = (
    "顧客ID,会社名,氏名,フリガナ,電話,メール,契約名,開始日,終了日,契約条項\r\n"
    "C001,株式会社山田商事,山田 太郎,ヤマダ タロウ,03-1234-5678,taro@example.jp,"
    "保守契約,令和8年4月1日,2027/03/31,第5条 返品不可\r\n"
    ",,鈴木 一郎,スズキ イチロウ,,suzuki-at-example,,,,\r\n"
)


def run_worker() -> None:
    """What ``kamitaiou db_worker`` does, once, for the tasks waiting now."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    ).run()


def test_supervisor_uploads_a_file_with_a_bad_row_skips_it_and_imports_the_rest(
    page, supervisor_a, tmp_path
):
    export = tmp_path / "crm.csv"
    export.write_bytes(CSV.encode("cp932"))
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(page.base_url + "/reports/")
    page.get_by_role("link", name="顧客・契約の取り込み").click()
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(str(export))
    page.get_by_role("button", name="アップロードして確認").click()
    expect(page.locator("#import-progress")).to_contain_text("ファイルを確認しています")

    run_worker()  # the check
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("メールアドレスの形式が正しくありません：suzuki-at-example")
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody th")).to_have_text("3")
    expect(page.locator("#import-summary")).to_contain_text("エラーなし 1 行、エラーあり 1 行")
    assert not Customer.objects.exists()

    page.get_by_label("エラーのある行をスキップする").check()
    page.get_by_role("button", name="取り込む").click()
    expect(page.locator("#import-progress")).to_contain_text("取り込み中")
    run_worker()  # the import
    expect(page.locator("#import-result")).to_contain_text("顧客：新規 1 件")
    expect(page.locator("#import-result")).to_contain_text("エラーのある 1 行をスキップしました")
    assert list(Customer.objects.values_list("name", flat=True)) == ["山田 太郎"]
