"""Searching the inbox and finding a customer on the new-case page, as a person does."""

from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.conftest import make_case, make_customer


def test_operator_searches_the_inbox_by_reading_and_removes_the_search(page, operator_a, team_a):
    yamada = make_customer(team_a, name="山田 太郎", name_kana="ヤマダ タロウ")
    sato = make_customer(team_a, name="佐藤 花子", name_kana="サトウ ハナコ")
    make_case(operator_a, customer=yamada, assignee=operator_a, title="複合機の紙詰まり")
    make_case(operator_a, customer=sato, assignee=operator_a, title="請求書の金額違い")

    log_in(page, "op_a", "pw-op_a")
    expect(page.get_by_role("link", name="請求書の金額違い")).to_be_visible()
    page.locator("form.filters").get_by_label("検索", exact=True).fill("ﾔﾏﾀﾞ")
    page.get_by_role("button", name="絞り込む").click()

    expect(page.get_by_role("link", name="複合機の紙詰まり")).to_be_visible()
    expect(page.get_by_role("link", name="請求書の金額違い")).to_have_count(0)
    chip = page.locator(".chip")
    expect(chip).to_contain_text("検索：ヤマダ")  # folded as it is searched
    chip.get_by_role("link").click()
    expect(page.get_by_role("link", name="請求書の金額違い")).to_be_visible()
    expect(page.locator(".chip")).to_have_count(0)


def test_an_unknown_filter_value_shows_a_notice_in_the_browser(page, operator_a):
    log_in(page, "op_a", "pw-op_a")
    page.goto(page.base_url + "/?stage=nope")
    expect(page.locator("#filter-notices")).to_contain_text("nope")


def test_customer_search_keeps_what_was_typed_and_tells_namesakes_apart(page, operator_a, team_a):
    first = make_customer(
        team_a, name="山田 太郎", name_kana="ヤマダ タロウ", company="北斗精機株式会社"
    )
    make_customer(team_a, name="山田 太郎", name_kana="ヤマダ タロウ", phone="06-1111-2222")
    make_customer(team_a, name="佐藤 花子", name_kana="サトウ ハナコ")
    make_case(operator_a, customer=first, title="トナーが届かない")

    log_in(page, "op_a", "pw-op_a")
    page.get_by_role("link", name="新規案件").click()
    page.get_by_label("種別").select_option("unreasonable_demand")
    page.get_by_label("件名").fill("家具の納期を今週中に")
    page.get_by_label("お客様のお申し出内容").fill("なんとか今週中に持ってきてもらえませんか。")

    page.get_by_label("顧客を検索").fill("やまだ")
    page.get_by_role("button", name="検索", exact=True).click()
    picker = page.get_by_label("既存の顧客")
    expect(page.locator("#customer-count")).to_contain_text("2件")
    options = picker.locator("option")
    expect(options).to_have_count(3)  # the empty choice and the two namesakes
    expect(options.nth(1)).to_contain_text("06-1111-2222")
    expect(options.nth(2)).to_contain_text("北斗精機株式会社")
    expect(options.nth(2)).to_contain_text("トナーが届かない")

    # What was typed before searching is still there.
    expect(page.get_by_label("件名")).to_have_value("家具の納期を今週中に")
    expect(page.get_by_label("種別")).to_have_value("unreasonable_demand")
    expect(page.get_by_label("お客様のお申し出内容")).to_have_value(
        "なんとか今週中に持ってきてもらえませんか。"
    )

    picker.select_option(str(first.pk))
    page.get_by_role("button", name="案件を登録").click()
    expect(page.get_by_text("案件を登録しました。")).to_be_visible()
    expect(page.locator(".case-title")).to_contain_text("家具の納期を今週中に")
    expect(page.get_by_role("link", name="北斗精機株式会社 山田 太郎")).to_be_visible()
