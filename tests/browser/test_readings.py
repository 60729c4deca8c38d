"""What a new user typed, read and shown in a real browser (issue #10 items 3, 11, 13): the
refusal card matches the request, the カスハラ form offers 長時間拘束・居座り and 過剰要求,
and the assessment shows its inputs and formula next to the result."""

from playwright.sync_api import expect

from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case

CONSUMPTION_TAX = "消費税は法律で定められたもので"


def record_inbound(page, text):
    page.get_by_label("区分").select_option("in")
    page.get_by_label("内容", exact=True).fill(text)
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_text("対応履歴を記録しました。")).to_be_visible()


def test_the_refusal_card_explains_what_the_customer_actually_asked(page, operator_a):
    case = make_case(
        operator_a,
        assignee=operator_a,
        kind="special_request",
        title="領収書の件",
        first_message="いつもお世話になっております。先日の件でご相談です。",
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.locator("#forbidden")).to_have_count(0)

    record_inbound(page, "経費で落としたいので、領収書の金額を水増ししてもらえませんか。")
    card = page.locator("#forbidden")
    expect(card).to_be_visible()
    expect(card.locator(".suggestion").first).to_contain_text("日付や金額など、書類の内容を")
    expect(card).not_to_contain_text(CONSUMPTION_TAX)
    expect(card).to_contain_text("実際にお支払いいただいた金額")


def test_waiving_the_consumption_tax_is_refused_with_the_tax_explanation(page, operator_a):
    case = make_case(
        operator_a,
        assignee=operator_a,
        kind="special_request",
        title="お値引きのご相談",
        first_message="今回まとめて買うので、ご相談させてください。",
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    record_inbound(page, "現金で払うから、消費税分をまけてくれ。")
    card = page.locator("#forbidden")
    expect(card).to_be_visible()
    expect(card.locator(".suggestion").first).to_contain_text(CONSUMPTION_TAX)


def test_staff_record_a_sit_in_and_an_excessive_demand_on_the_harassment_form(
    page, operator_a, supervisor_a
):
    case = make_case(
        operator_a,
        assignee=operator_a,
        title="窓口での長時間の対応",
        first_message="商品の説明が足りなかったと思います。",
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.locator("#change summary").click()
    form = page.locator("form", has=page.get_by_role("heading", name="カスハラを記録する"))
    form.get_by_label("長時間拘束・居座り").check()
    form.get_by_label("過剰要求").check()
    form.get_by_label("言われた内容").fill(
        "「納得するまで帰らない」と3時間窓口に居座り、全額返金と社長の謝罪文を要求された。"
    )
    form.get_by_role("button", name="記録する").click()
    expect(page.locator(".messages")).to_be_visible()
    incident = case.incidents.get()
    assert incident.labels == ["excessive_demand", "prolonged_binding"]

    page.context.clear_cookies()
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/incidents/")
    row = page.locator("tr", has_text="窓口での長時間の対応")
    expect(row).to_contain_text("過剰要求・長時間拘束・居座り")


def test_a_sit_in_typed_as_a_customer_message_raises_the_harassment_protocol(page, operator_a):
    case = make_case(
        operator_a, assignee=operator_a, title="窓口対応", first_message="説明してください。"
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.locator("#harassment")).to_have_count(0)
    record_inbound(page, "納得するまで帰らないからな。何時間でも待たせてもらう。")
    expect(page.locator("#harassment")).to_contain_text("長時間拘束・居座り")


def test_the_assessment_shows_its_inputs_and_formula_next_to_the_result(page, rep_a):
    case = make_case(
        rep_a,
        assignee=rep_a,
        kind="unreasonable_demand",
        title="特注品を来週中に",
        first_message="特注品ですが、なんとか来週中に納品してもらえませんか。",
    )
    log_in(page, "rep_a", "pw-rep_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    for label in ("気持ちに寄り添う", "比較検討する"):
        page.get_by_role("button", name=label).click()
        expect(page.locator(".messages")).to_contain_text("段階を進めました。")
    page.get_by_label("成功の見込み（%）").fill("30")
    page.get_by_label("失敗した場合の費用（円）").fill("500000")
    page.get_by_label("失敗した場合の責任問題").select_option("high")
    page.get_by_label("関係への悪影響").select_option("high")
    page.get_by_label("判断", exact=True).select_option("decline")
    page.get_by_role("button", name="比較検討を記録").click()
    expect(page.locator(".messages")).to_contain_text("比較検討を記録しました。")
    expect(page.locator(".assessment-result")).to_contain_text("-3,820,000円")
    formula = page.locator(".assessment-formula")
    expect(formula).to_contain_text("計算の内訳")
    expect(formula).to_contain_text(
        "費用 500,000円 + 責任問題（高）3,000,000円 + 関係への悪影響（高）2,000,000円 = 5,500,000円"
    )
    expect(formula).to_contain_text(
        "期待値 = 成功の見込み 30% × 100,000円 − 失敗の見込み 70% × 5,500,000円 = −3,820,000円"
    )
    expect(formula).to_contain_text("低・中・高の円換算")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#assessment").screenshot(path=str(ARTIFACTS / "assessment_formula.png"))
