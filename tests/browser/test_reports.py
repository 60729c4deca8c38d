"""A supervisor opens the reports from the header, picks last month and reads the fan
rate and its chart — also on a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.reports.conftest import closed_case

pytestmark = pytest.mark.browser


def last_month_cases(operator):
    start_of_month = timezone.localtime().replace(day=1, hour=12, minute=0)
    when = start_of_month - timedelta(days=3)
    closed_case(operator, ending="fan", when=when)
    closed_case(operator, ending="relationship_continues", when=when)


def test_supervisor_picks_last_month_and_sees_the_fan_rate_and_a_chart(
    page, operator_a, supervisor_a
):
    last_month_cases(operator_a)
    log_in(page, "sv_a", "pw-sv_a")
    page.get_by_role("link", name="レポート", exact=True).first.click()
    expect(page.get_by_role("heading", name="レポート", exact=True)).to_be_visible()
    expect(page.locator("#fan-rate .figure")).to_have_text("—")
    page.get_by_label("期間").select_option(label="先月")
    page.get_by_role("button", name="表示").click()
    expect(page.locator("#fan-rate .figure")).to_have_text("50.0%")
    chart = page.locator("#chart-endings")
    expect(chart).to_have_attribute("data-drawn", "1")
    table = page.locator("#table-endings table")
    expect(table).to_contain_text("③ 怒りが収まり")
    expect(
        page.locator("#table-endings").get_by_role("link", name="CSV", exact=True)
    ).to_be_visible()


def test_a_hundred_year_period_is_a_form_error(page, supervisor_a):
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(page.base_url + "/reports/")
    page.get_by_label("期間").select_option(label="期間を指定")
    page.get_by_label("開始日").fill("1926-01-01")
    page.get_by_label("終了日").fill("2025-12-31")
    page.get_by_role("button", name="表示").click()
    expect(page.locator("#report-errors")).to_contain_text("期間は最長 731 日まで")


def test_the_reports_page_fits_a_390px_phone(page, operator_a, supervisor_a):
    last_month_cases(operator_a)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(page.base_url + "/reports/?period=last_month")
    expect(page.locator("#chart-endings")).to_have_attribute("data-drawn", "1")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    box = page.locator("#chart-endings").bounding_box()
    assert box is not None and box["width"] <= 390
