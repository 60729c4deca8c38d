"""A reply with an error-level coach finding needs the writer's confirmation to be saved."""

from playwright.sync_api import expect

from kamitaiou.cases.models import ReplyCoaching
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case


def test_an_unconfirmed_litigation_reply_is_refused_then_saved_once_confirmed(page, operator_a):
    case = make_case(operator_a, assignee=operator_a, first_message="まだ直らないんですか。")
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_label("区分").select_option("out")
    page.locator("#id_text").fill("ご不満でしたら、どうぞ訴えてください。")
    expect(page.locator(".finding[data-code=litigation_encouraged]")).to_be_visible()
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_text("コーチが重大な指摘をしています")).to_be_visible()
    assert not ReplyCoaching.objects.filter(interaction__case=case).exists()
    box = page.get_by_label("内容を確認しました（上長への報告が必要な場合があります）")
    expect(box).to_be_visible()
    box.check()
    page.get_by_role("button", name="記録する", exact=True).click()
    expect(page.get_by_text("対応履歴を記録しました。")).to_be_visible()
    expect(page.locator(".coach-confirmation")).to_contain_text("訴訟を勧めている")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coach_confirmation.png"), full_page=True)
    kept = ReplyCoaching.objects.get(interaction__case=case)
    assert kept.confirmed_codes == ["litigation_encouraged"]
    assert kept.confirmed_by == operator_a
