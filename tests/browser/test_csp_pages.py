"""The inbox (select all), the header search and the reports (Chart.js) work under the
nonce CSP, for a supervisor who must sign in with a two-factor code."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.conftest import make_case
from tests.reports.conftest import closed_case

pytestmark = [pytest.mark.browser, pytest.mark.two_factor_required]


def watch_csp(page: Any) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return violations


def test_a_supervisor_with_a_code_uses_inbox_search_and_reports_without_a_csp_violation(
    page, operator_a, supervisor_a
):
    from kamitaiou.accounts.twofactor import enrol_demo_device

    enrol_demo_device(supervisor_a)  # log_in types the code
    make_case(operator_a, title="冷蔵庫が冷えない")
    make_case(operator_a, title="洗濯機の異音")
    when = timezone.localtime().replace(day=1, hour=12, minute=0) - timedelta(days=3)
    closed_case(operator_a, ending="fan", when=when)
    violations = watch_csp(page)

    log_in(page, "sv_a", "pw-sv_a")
    expect(page.locator("#nav-account")).to_be_visible()

    page.goto(page.base_url + "/?tab=team")
    page.get_by_label("このページの案件をすべて選択").check()
    boxes = page.locator('input[name="case"]')
    expect(boxes.first).to_be_checked()
    expect(page.locator("#bulk-selected")).not_to_have_text("")

    box = page.locator("header").get_by_label("検索", exact=True)
    box.fill("冷蔵庫")
    box.press("Enter")
    expect(
        page.locator("#case-results").get_by_role("link", name="冷蔵庫が冷えない")
    ).to_be_visible()

    page.get_by_role("link", name="レポート", exact=True).first.click()
    page.get_by_label("期間").select_option(label="先月")
    page.get_by_role("button", name="表示").click()
    expect(page.locator("#chart-endings")).to_have_attribute("data-drawn", "1")
    assert violations == []
