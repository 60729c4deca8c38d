"""Signing in as a person does: a supervisor sets up two-factor at the first login and
types the code at the next; a wrong password five times shows the lockout page."""

import pytest

from tests.browser_support import code_for_key, log_in
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.two_factor_required]


def test_a_supervisor_sets_up_two_factor_then_signs_in_with_a_code(page, transactional_db):
    make_user("sv_b", "supervisor")
    log_in(page, "sv_b", "pw-sv_b")
    assert "/account/two-factor/" in page.url
    key = page.locator("#totp-secret").inner_text()
    page.get_by_label("コード").fill(code_for_key(key))
    page.get_by_role("button", name="オンにする").click()
    page.wait_for_url(lambda url: "/two-factor/" not in url)
    assert page.get_by_text("2 段階認証をオンにしました").is_visible()
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "sv_b", "pw-sv_b")  # the code path of log_in
    assert page.get_by_role("link", name="受信箱").first.is_visible()


def test_five_wrong_passwords_show_the_lockout_page(page, transactional_db):
    make_user("op_c", "operator")
    for _ in range(5):
        log_in(page, "op_c", "wrong")
    assert page.get_by_text("ログインの失敗が続きました").is_visible()


def test_the_main_pages_run_under_the_csp_without_a_violation(page, transactional_db):
    from kamitaiou.accounts.models import Team
    from tests.conftest import make_case

    team = Team.objects.create(name="東京チーム")
    operator = make_user("op_csp", "operator", team)
    case = make_case(operator)
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, "op_csp", "pw-op_csp")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.get_by_label("内容").first.fill("お電話ありがとうございます。")
    page.wait_for_timeout(1500)  # the coach's check and the presence heartbeat fire
    page.goto(page.base_url + "/cases/new/")
    page.goto(page.base_url + "/today/calendar/")
    assert violations == []


def test_the_admin_runs_under_the_csp_without_a_violation(page, transactional_db):
    from kamitaiou.accounts.twofactor import enrol_demo_device

    admin = make_user("admin_csp", "admin")
    enrol_demo_device(admin)  # log_in types the code
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, "admin_csp", "pw-admin_csp")
    page.goto(page.base_url + "/admin/")
    page.goto(page.base_url + f"/admin/accounts/user/{admin.pk}/change/")
    page.wait_for_timeout(500)
    assert "/admin/accounts/user/" in page.url
    assert violations == []
