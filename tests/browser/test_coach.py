"""The reply coach, live on the case page."""

from playwright.sync_api import expect

from kamitaiou.cases.models import ReplyCoaching
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case


def test_bad_draft_gets_a_finding_and_the_rewrite_applies(page, operator_a):
    case = make_case(
        operator_a, assignee=operator_a, first_message="いい加減にしてください！何度目ですか！"
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_label("区分").select_option("out")
    box = page.locator("#id_text")
    box.fill("いや、こちらの説明どおりに操作していただければ動きます。")
    finding = page.locator(".finding[data-code=partial_denial]")
    expect(finding).to_be_visible()
    expect(finding).to_contain_text("§7-1")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coach_finding.png"), full_page=True)
    finding.get_by_role("button", name="書き換えを適用").click()
    expect(page.locator("#id_text")).not_to_have_value(
        "いや、こちらの説明どおりに操作していただければ動きます。"
    )
    expect(page.locator("#id_text")).not_to_contain_text("いや、")
    expect(page.locator(".finding[data-code=partial_denial]")).to_have_count(0)
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_text("対応履歴を記録しました。")).to_be_visible()
    coaching = ReplyCoaching.objects.get(interaction__case=case)
    assert any(item["code"] == "partial_denial" for item in coaching.shown)
    assert not any(item["code"] == "partial_denial" for item in coaching.overridden)


def test_a_method_draft_fills_the_reply_box(page, operator_a):
    case = make_case(operator_a, assignee=operator_a, first_message="まだ届きません。")
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.locator("details.drafts summary").click()
    page.get_by_role("button", name="この文案を使う").first.click()
    expect(page.locator("#id_text")).to_have_value(__import__("re").compile("山田 太郎様"))
