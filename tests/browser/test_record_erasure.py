"""An admin erases a customer's personal data as a person does: select the customer in
the admin, choose the action, type the reason, tick the confirmation, press the button."""

import pytest

from tests.browser_support import log_in
from tests.conftest import make_case, make_customer, make_user

pytestmark = pytest.mark.browser


def test_an_admin_erases_a_customer_after_typing_a_reason_and_confirming(page, transactional_db):
    from kamitaiou.accounts.models import Team
    from kamitaiou.cases.models import Erasure
    from kamitaiou.cases.verify import verify_records

    team = Team.objects.create(name="東京チーム")
    operator = make_user("op_e", "operator", team)
    customer = make_customer(team, "消去 希望子", phone="090-0000-1111")
    make_case(operator, customer=customer, first_message="私の情報を消してください。")
    make_user("admin_e", "admin")
    log_in(page, "admin_e", "pw-admin_e")
    page.goto(page.base_url + "/admin/cases/customer/")
    page.get_by_role("row", name="消去 希望子").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("erase_personal_data")
    page.get_by_role("button", name="実行").click()
    page.get_by_label("理由").fill("ご本人からの削除請求（電話、2026-12-01）")
    page.get_by_role("button", name="消去する").click()
    # not ticked: the form is not sent (the browser asks for the box), nothing is erased
    assert page.get_by_label("理解しました").is_visible()
    assert not Erasure.objects.exists()
    page.get_by_label("理解しました").check()
    page.get_by_label("理由").fill("ご本人からの削除請求（電話、2026-12-01）")
    page.get_by_role("button", name="消去する").click()
    page.wait_for_url(lambda url: url.endswith("/admin/cases/customer/"))
    assert page.get_by_text("1件の顧客の個人データを消去しました").is_visible()
    assert Erasure.objects.get().erased_by.username == "admin_e"
    assert verify_records().problems == []
