"""The method, walked in a real browser: a complaint to ending ③, and an unreasonable
demand through assessment → scope → execution → close."""

from playwright.sync_api import expect

from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case


def move(page, label):
    page.get_by_role("button", name=label).click()
    expect(page.locator(".messages")).to_contain_text("段階を進めました。")


def fact(page, row_text, answer="はい"):
    page.locator("tr", has_text=row_text).get_by_role("button", name=answer, exact=True).click()
    expect(page.locator(".messages")).to_contain_text("記録しました。")


def record_outcome(page, *, ending, before, after):
    page.locator("#outcome summary").click()
    page.get_by_label(ending).check()
    page.get_by_label("信頼を得た").check()
    page.get_by_label("対応前の信頼度（1〜5）").fill(str(before))
    page.get_by_label("対応後の信頼度（1〜5）").fill(str(after))
    page.get_by_role("button", name="結果を記録").click()
    expect(page.locator(".messages")).to_contain_text("結果を記録しました。")


def test_complaint_from_received_to_a_fan(page, operator_a):
    case = make_case(
        operator_a,
        assignee=operator_a,
        title="複合機の故障が直らない",
        first_message="先週修理に来てもらったのに、また紙詰まりです。いい加減にしてください！",
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_role("button", name="ヒアリングを始める")).to_be_disabled()
    move(page, "鎮静対応を始める")
    fact(page, "お客様が落ち着いてお話しできる状態になった")
    move(page, "ヒアリングを始める")
    expect(page.get_by_role("button", name="謝罪する")).to_be_disabled()
    fact(page, "当社に非があるか")
    move(page, "謝罪する")
    move(page, "提案する")
    fact(page, "提案内容へのお客様の同意")
    move(page, "合意を記録する")
    move(page, "実行に移る")
    move(page, "改善したか検証する")
    expect(page.get_by_role("button", name="完了する → 完了")).to_be_disabled()
    fact(page, "検証の結果、状況は改善したか")
    record_outcome(
        page, ending="③ 怒りが収まり、以前より信頼が高まってファンになった", before=2, after=5
    )
    move(page, "完了する → 完了")
    expect(page.locator(".stage")).to_have_text("完了")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "complaint_closed.png"), full_page=True)
    case.refresh_from_db()
    assert case.closed_at is not None
    assert case.outcomes.get().ending == "fan"


def test_unreasonable_demand_through_assessment_scope_execution_close(page, rep_a):
    case = make_case(
        rep_a,
        assignee=rep_a,
        kind="unreasonable_demand",
        title="家具の納期を今週中に",
        first_message="発注を忘れていたのはこちらのミスですが、なんとか今週中に持ってきて！",
    )
    log_in(page, "rep_a", "pw-rep_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    move(page, "気持ちに寄り添う")
    move(page, "比較検討する")
    page.get_by_label("成功の見込み（%）").fill("70")
    page.get_by_label("失敗した場合の費用（円）").fill("200000")
    page.get_by_label("成功した場合に得られる信頼").select_option("high")
    page.get_by_label("見込まれる新規取引（円）").fill("1200000")
    page.get_by_label("判断", exact=True).select_option("accept")
    page.get_by_role("button", name="比較検討を記録").click()
    expect(page.locator(".messages")).to_contain_text("比較検討を記録しました。")
    expect(page.locator(".assessment-result")).to_contain_text("引き受ける")
    move(page, "責任の範囲を確定する")
    expect(page.get_by_role("button", name="引き受けて実行に移る")).to_be_disabled()
    answers = [
        "発注漏れはお客様側の手配ミス",
        "展示品のため色味が異なる可能性",
        "搬入はビル管理会社の許可が必要",
    ]
    who = ["customer", "us", "third_party"]
    for index, (answer, attribution) in enumerate(zip(answers, who, strict=True)):
        row = page.locator(".scope-row").nth(index)
        row.locator("textarea").fill(answer)
        row.locator("select").select_option(attribution)
    page.get_by_role("button", name="責任の範囲を記録").click()
    expect(page.locator(".messages")).to_contain_text("責任の範囲を記録しました。")
    move(page, "引き受けて実行に移る")
    page.get_by_label("報告した内容", exact=True).fill(
        "現在、在庫品の確保まで進んでおります。予定より順調でございます。"
    )
    page.get_by_role("button", name="進捗報告を記録").click()
    expect(page.locator(".messages")).to_contain_text("進捗報告を記録しました。")
    record_outcome(page, ending="② 怒りが収まり、関係は継続", before=3, after=4)
    move(page, "完了する → 完了")
    expect(page.locator(".stage")).to_have_text("完了")
    case.refresh_from_db()
    assert case.closed_at is not None
