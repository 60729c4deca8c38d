"""「保有個人データの開示」: a supervisor opens the customer's page, exports the printable
document, reads the customer's words in it; an admin then finds both views in the log."""

from playwright.sync_api import expect

from kamitaiou.cases.models import CaseEvent, EventKind
from tests.browser_support import log_in


def test_a_supervisor_prints_a_customers_data_and_an_admin_sees_it_in_the_view_log(
    page, case_a, supervisor_a, admin_user
):
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/customers/{case_a.customer_id}/")
    page.get_by_label("形式").select_option("html")
    page.get_by_role("button", name="この顧客の保有データをすべて開示").click()
    expect(page.get_by_role("heading", name="保有個人データの開示")).to_be_visible()
    expect(page.get_by_text("先週修理に来てもらったのに、また紙詰まりです。")).to_be_visible()
    assert CaseEvent.objects.filter(case=case_a, kind=EventKind.DISCLOSED).count() == 1
    page.context.clear_cookies()
    log_in(page, "admin", "pw-admin")
    page.goto(f"{page.base_url}/privacy/views/")
    page.get_by_label("ユーザー（ログイン名）").fill("sv_a")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_role("cell", name="保有個人データの開示 (html)")).to_be_visible()
    expect(page.get_by_role("cell", name="顧客ページ")).to_be_visible()
