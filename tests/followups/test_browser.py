"""The today page in a real browser: see what is due, complete it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.followups.models import FollowUp
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case
from tests.followups.conftest import walk_complaint_to_executing

pytestmark = pytest.mark.browser


def test_operator_completes_an_overdue_followup_from_today(page, operator_a):
    case = make_case(operator_a, assignee=operator_a, title="複合機の紙詰まりが直らない")
    walk_complaint_to_executing(operator_a, case)
    row = case.followups.get()
    FollowUp.objects.filter(pk=row.pk).update(due_at=timezone.now() - timedelta(hours=3))

    log_in(page, "op_a", "pw-op_a")
    nav = page.get_by_role("link", name="今日の予定")
    expect(nav.locator(".badge")).to_have_text("1")
    nav.click()

    expect(page.get_by_role("heading", name="今日の予定", exact=True)).to_be_visible()
    overdue = page.locator("#overdue")
    item = overdue.locator(f"#followup-{row.pk}")
    expect(item).to_contain_text("改善したかの確認")
    expect(item).to_contain_text(case.title)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "today.png"), full_page=True)

    item.get_by_text("完了・スキップ").click()
    item.get_by_label("状況は改善しましたか?").select_option("yes")
    item.get_by_label("メモ").fill("お客様に確認、紙詰まりは解消")
    item.get_by_role("button", name="完了にする").click()

    expect(page.get_by_text("完了しました: 改善したかの確認")).to_be_visible()
    expect(page.locator(f"#followup-{row.pk}")).to_have_count(0)
    row.refresh_from_db()
    assert (row.status, row.result_note) == ("done", "お客様に確認、紙詰まりは解消")


def test_skip_without_reason_shows_a_japanese_error(page, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    row = case.followups.get()
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    panel = page.locator("#followups")
    expect(panel).to_contain_text("初回対応")
    item = panel.locator(f"#followup-{row.pk}")
    item.get_by_text("完了・スキップ").click()
    # Only spaces typed: the browser's own "required" check lets it through, the server does not.
    item.locator("textarea[name$='-note']").last.fill("   ")
    item.get_by_role("button", name="スキップする").click()
    expect(page.get_by_text("スキップする理由を入力してください。")).to_be_visible()
    row.refresh_from_db()
    assert row.status == "open"
