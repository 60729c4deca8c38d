"""カスハラ: from the first abuse to a restriction of service, clicked through as the
operator and then the supervisor do it (issue 16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.conftest import make_case

pytestmark = pytest.mark.browser


def test_an_abusive_call_is_recorded_handled_step_by_step_and_the_customer_restricted(
    page, operator_a, supervisor_a
):
    case = make_case(
        operator_a,
        assignee=operator_a,
        title="請求書の再発行が遅い",
        first_message="ふざけるな、お前は馬鹿か。土下座して謝れ！",
    )
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    panel = page.locator("#protection-panel")
    expect(panel.locator("#protection-incidents")).to_contain_text("下書き")
    panel.locator("#protection-incidents a").first.click()

    expect(page.locator("#incident-status")).to_have_text("下書き")
    record = page.locator("#incident-record")
    expect(record.get_by_label("暴言・人格否定")).to_be_checked()
    expect(record.get_by_label("土下座の要求")).to_be_checked()
    record.get_by_label("要求内容の妥当性").select_option(label="一部妥当")
    record.get_by_label("手段・態様の相当性").select_option(label="社会通念上不相当")
    record.get_by_label("経緯", exact=True).fill(
        "再発行の遅れの電話で、暴言と土下座の要求が続いた。"
    )
    record.get_by_role("button", name="記録を確定する").click()
    # not recorded yet whether she was alone: the record says what is missing
    expect(page.locator("#protection-errors")).to_contain_text("一人で対応していたか")
    record = page.locator("#incident-record")
    record.get_by_label("一人で対応していたか").select_option(label="一人で対応")
    record.get_by_role("button", name="記録を確定する").click()
    expect(page.locator("#incident-status")).to_have_text("確定")
    expect(page.locator("#incident-verdict")).to_contain_text("カスタマーハラスメントに該当")

    expect(page.locator("#step-end_contact")).to_contain_text("警告をしてから")
    warn = page.locator("#step-warn")
    expect(warn.get_by_label("実際に伝えた言葉")).to_have_value(
        "これ以上そのようなお言葉が続く場合は、お電話を終了させていただきます。"
    )
    warn.get_by_role("button", name="記録する：警告する").click()
    expect(page.locator("#step-warn")).to_contain_text("op_a")
    page.locator("#step-end_contact").get_by_role("button", name="記録する：対応を終了する").click()
    page.locator("#step-hand_to_supervisor").get_by_role(
        "button", name="記録する：上長に引き継ぐ"
    ).click()
    expect(page.locator("#step-hand_to_supervisor")).to_contain_text("op_a")
    expect(page.locator("#restriction")).to_contain_text("上長（SV）または管理者")

    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/protection/incidents/")
    page.locator("#incident-list a", has_text=":").first.click()
    form = page.locator("#restriction-form")
    form.get_by_label("書面のみ").check()
    form.get_by_label("二名対応").check()
    form.get_by_label("理由（記録に残ります）").fill(
        "暴言と土下座の要求が続き、警告後も改善しなかったため。"
    )
    review = (timezone.localdate() + timedelta(days=90)).isoformat()
    form.get_by_label("見直し日").fill(review)
    form.get_by_role("button", name="対応制限を決定する").click()
    expect(page.locator("#restriction")).to_contain_text("書面のみ・二名対応")

    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.locator("#restriction-banner")).to_contain_text("対応制限中: 書面のみ・二名対応")
    page.goto(f"{page.base_url}/customers/{case.customer_id}/")
    expect(page.locator("#restriction-banner")).to_be_visible()

    incident = case.protection_incidents.get()
    page.goto(f"{page.base_url}/protection/incidents/{incident.pk}/")
    page.get_by_role("link", name="印刷用の記録").click()
    evidence = incident.evidence.get()
    expect(page.locator("#print-evidence")).to_contain_text(evidence.interaction.event.hash)
    expect(page.locator("#chain-status")).to_contain_text("改ざん・削除はありません")
