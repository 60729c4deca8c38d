"""The header search box, as a person uses it."""

from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.conftest import make_case
from tests.search.conftest import add_message


def test_operator_types_a_word_in_the_header_box_and_sees_the_case_highlighted(
    page, operator_a, operator_b
):
    fridge = make_case(operator_a, title="冷蔵庫が冷えない", first_message="")
    add_message(operator_a, fridge, "先週買った冷蔵庫が、もう冷えません。")
    make_case(operator_a, title="洗濯機の異音", first_message="ガタガタ鳴ります")
    make_case(operator_b, title="大阪の冷蔵庫", first_message="冷蔵庫が壊れた")

    log_in(page, "op_a", "pw-op_a")
    box = page.locator("header").get_by_label("検索", exact=True)
    box.fill("冷蔵庫")
    box.press("Enter")

    results = page.locator("#case-results")
    expect(results.get_by_role("link", name="冷蔵庫が冷えない")).to_be_visible()
    expect(results.locator("mark.hit").first).to_have_text("冷蔵庫")
    expect(results).to_contain_text("先週買った冷蔵庫が")
    expect(results.get_by_text("洗濯機の異音")).to_have_count(0)
    expect(results.get_by_text("大阪の冷蔵庫")).to_have_count(0)  # another team's case
    expect(page.locator("header").get_by_label("検索", exact=True)).to_have_value("冷蔵庫")

    page.get_by_role("link", name="関連度順").click()
    expect(results.get_by_role("link", name="冷蔵庫が冷えない")).to_be_visible()
    results.get_by_role("link", name="冷蔵庫が冷えない").click()
    expect(page).to_have_url(page.base_url + f"/cases/{fridge.pk}/")


def test_a_search_of_only_quotes_says_what_to_do(page, operator_a):
    log_in(page, "op_a", "pw-op_a")
    box = page.locator("header").get_by_label("検索", exact=True)
    box.fill('""')
    box.press("Enter")
    expect(page.locator("#search-error")).to_contain_text("検索する語を入力してください")
