"""The inbox as a person uses it: type a filter, save it as a view, see its count in the
sidebar, tick two rows and assign them with the button; on a phone the filters fold away
and the page still fits."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from kamitaiou.cases.models import Case, CaseEvent, EventKind
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case, make_customer

pytestmark = pytest.mark.browser


@pytest.fixture
def printer_cases(operator_a: Any, rep_a: Any, team_a: Any) -> list[Any]:
    customer = make_customer(team_a, name="山田 太郎", name_kana="ヤマダ タロウ")
    cases = [
        make_case(operator_a, customer=customer, title=f"複合機の紙詰まり {n}") for n in range(3)
    ]
    make_case(operator_a, customer=customer, title="請求書の金額違い")
    return cases


def test_a_filter_saved_as_a_view_then_two_rows_assigned_with_the_button(
    page: Any, operator_a: Any, rep_a: Any, printer_cases: list[Any]
) -> None:
    log_in(page, "op_a", "pw-op_a")
    page.get_by_role("link", name="チーム", exact=True).click()
    page.locator("form.filters").get_by_label("検索", exact=True).fill("紙詰まり")
    page.get_by_label("担当者").select_option(label="未割当")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_role("link", name="請求書の金額違い")).to_have_count(0)
    expect(page.locator("#case-count")).to_contain_text("3")

    page.get_by_label("この条件を名前を付けて保存").fill("未割当の紙詰まり")
    page.get_by_role("button", name="ビューを保存").click()
    view = page.locator(".saved-views").get_by_role("link", name="未割当の紙詰まり")
    expect(view).to_be_visible()
    expect(view.locator(".view-count")).to_have_text("3")

    first, second = printer_cases[0], printer_cases[1]
    page.get_by_label(f"案件を選択 {first.pk}", exact=True).check()
    page.get_by_label(f"案件を選択 {second.pk}", exact=True).check()
    expect(page.locator("#bulk-selected")).to_contain_text("2")
    page.get_by_label("割り当て先").select_option(label="rep_a")
    page.get_by_role("button", name="割り当てる", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("2 件の案件を変更しました")
    # still the saved view's filters: the two assigned cases left the unassigned list
    expect(view.locator(".view-count")).to_have_text("1")
    expect(page.get_by_role("link", name=first.title)).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inbox_saved_view_bulk.png"), full_page=True)
    for case in (first, second):
        assert Case.objects.get(pk=case.pk).assignee == rep_a
        assert CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNED).count() == 1
    assert Case.objects.get(pk=printer_cases[2].pk).assignee is None


def test_select_all_ticks_every_row_of_the_page(
    page: Any, operator_a: Any, printer_cases: list[Any]
) -> None:
    log_in(page, "op_a", "pw-op_a")
    page.goto(page.base_url + "/?tab=team")
    page.get_by_label("このページの案件をすべて選択").check()
    boxes = page.locator('input[name="case"]')
    expect(boxes).to_have_count(4)
    for n in range(4):
        expect(boxes.nth(n)).to_be_checked()
    expect(page.locator("#bulk-selected")).to_contain_text("4")


def test_on_a_phone_the_filters_fold_away_and_the_page_fits(
    browser: Any, live_server: Any, operator_a: Any, printer_cases: list[Any]
) -> None:
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "op_a", "pw-op_a")
        page.goto(page.base_url + "/?tab=team")
        search = page.locator("form.filters").get_by_label("検索", exact=True)
        expect(search).to_be_hidden()
        page.get_by_text("絞り込み条件", exact=True).click()
        expect(search).to_be_visible()
        search.fill("紙詰まり")
        page.get_by_role("button", name="絞り込む").click()
        expect(page.get_by_role("link", name="請求書の金額違い")).to_have_count(0)
        expect(
            page.locator("form.filters").get_by_label("検索", exact=True)
        ).to_be_visible()  # open while in use
        page.get_by_label(f"案件を選択 {printer_cases[0].pk}", exact=True).check()
        expect(page.get_by_role("button", name="割り当てる", exact=True)).to_be_visible()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 390, f"the inbox is {scroll}px wide on a 390px screen"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "inbox_phone_390.png"), full_page=True)
    finally:
        context.close()
