"""The main journey of an operator, in a real browser."""

from playwright.sync_api import expect

from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case, make_contract, make_customer


def test_operator_logs_in_opens_a_case_and_records_a_call(page, operator_a, team_a, operator_b):
    customer = make_customer(team_a, name="伊藤 花子", company="株式会社みどり食品")
    contract = make_contract(customer, product="業務用エアコン保守契約")
    case = make_case(
        operator_a,
        customer=customer,
        contract=contract,
        assignee=operator_a,
        title="エアコン修理の訪問が約束の時間に来なかった",
        first_message="14時に来ると言っていたのに、誰も来ません。",
    )
    make_case(operator_b, title="他チームの案件")

    log_in(page, "op_a", "pw-op_a")
    expect(page.get_by_role("heading", name="受信箱")).to_be_visible()
    expect(page.get_by_text("他チームの案件")).to_have_count(0)
    page.get_by_role("link", name=case.title).click()

    expect(page.get_by_role("heading", name=f"#{case.pk} {case.title}")).to_be_visible()
    expect(page.get_by_text("14時に来ると言っていたのに")).to_be_visible()
    expect(page.get_by_text("業務用エアコン保守契約", exact=True)).to_be_visible()

    page.get_by_label("区分").select_option("out")
    page.get_by_label("内容", exact=True).fill("大変申し訳ございません。明日9時に伺います。")
    page.get_by_role("button", name="記録する", exact=True).click()

    expect(page.get_by_text("対応履歴を記録しました。")).to_be_visible()
    entry = page.locator("li.entry.dir-out").last
    expect(entry).to_contain_text("明日9時に伺います。")
    expect(entry).to_contain_text("送信（お客様へ）")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "case_page.png"), full_page=True)


def test_empty_interaction_shows_japanese_error_and_keeps_the_page(page, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_text("内容を入力してください。")).to_be_visible()


def test_operator_opens_a_case_for_a_new_customer(page, operator_a):
    log_in(page, "op_a", "pw-op_a")
    page.get_by_role("link", name="新規案件").click()
    page.get_by_label("種別").select_option("unreasonable_demand")
    page.get_by_label("件名").fill("家具の納期を今週中に")
    page.get_by_label("新規顧客: お名前").fill("新井 一郎")
    page.get_by_label("お客様のお申し出内容").fill("なんとか今週中に持ってきてもらえませんか。")
    page.get_by_role("button", name="案件を登録").click()
    expect(page.get_by_text("案件を登録しました。")).to_be_visible()
    expect(page.locator("li.entry.dir-in .text")).to_contain_text(
        "なんとか今週中に持ってきてもらえませんか。"
    )
