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


def test_a_method_draft_is_signed_by_our_organisation_and_names_the_subject(page, operator_a):
    import re

    from kamitaiou.accounts.models import Organisation
    from tests.conftest import make_customer

    Organisation(
        name="株式会社かみたいおう", department="お客様相談室", signature="TEL 0120-123-456"
    ).save()
    operator_a.display_name = "佐藤 美咲"
    operator_a.save()
    raw = "長年使っているので、うちだけ特例で保証期間を1年延ばしてもらえませんか。"
    customer = make_customer(
        operator_a.teams.first(), name="伊藤 花子", company="株式会社なにわ印刷"
    )
    case = make_case(
        operator_a,
        customer=customer,
        kind="special_request",
        title="保証期間を延長してほしい",
        first_message=raw,
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_text("型にもとづく文案").click()
    page.get_by_role("button", name="この文案を使う").first.click()
    box = page.locator("#id_text")
    expect(box).to_have_value(re.compile("^株式会社なにわ印刷\n伊藤 花子様\n"))
    expect(box).to_have_value(
        re.compile("株式会社かみたいおう お客様相談室の佐藤 美咲でございます。")
    )
    expect(box).to_have_value(re.compile("保証期間を延長してほしいとのご要望につきまして"))
    expect(box).to_have_value(
        re.compile("株式会社かみたいおう お客様相談室\n佐藤 美咲\nTEL 0120-123-456$")
    )
    value = box.input_value()
    assert "株式会社なにわ印刷の" not in value and raw not in value
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coach_draft_signed.png"), full_page=True)
