"""A supervisor's 「今日の予定」 in a real browser: counts first, open a group, page through
it, complete one and land back on the same page."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.followups.models import FollowUp
from kamitaiou.followups.today import GROUP_PREVIEW, PAGE_SIZE
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case

pytestmark = pytest.mark.browser


def test_supervisor_opens_a_group_pages_through_it_and_completes_one(
    page, supervisor_a, operator_a
):
    case = make_case(operator_a, assignee=operator_a, title="返事のない件")
    now = timezone.now()
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            customer_id=case.customer_id,
            kind="sla_breach_escalation",
            due_at=now - timedelta(hours=40) + timedelta(minutes=i),
            owner=supervisor_a,
            title=f"対応期限超過 その{i:02d}",
            dedupe_key=f"browser:{uuid.uuid4()}",
        )
        for i in range(PAGE_SIZE + 3)
    )
    log_in(page, "sv_a", "pw-sv_a")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="今日の予定"
    ).click()

    overdue = page.locator("#overdue")
    expect(overdue.get_by_role("heading")).to_contain_text(f"{PAGE_SIZE + 3} 件")
    group = overdue.locator("details.group")
    expect(group).to_have_count(1)
    expect(group).to_have_attribute("open", "")  # one group: shown open, its first rows
    expect(group.locator("li.followup")).to_have_count(GROUP_PREVIEW)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "today-grouped.png"), full_page=True)

    group.get_by_role("link", name=f"{PAGE_SIZE + 3} 件をすべて表示").click()
    expect(page.locator("li.followup")).to_have_count(PAGE_SIZE)
    page.get_by_role("link", name="次へ").click()
    expect(page.locator("li.followup")).to_have_count(3)
    expect(page.get_by_text("2 / 2")).to_be_visible()

    last = page.locator("li.followup").filter(has_text="その27")
    last.get_by_text("完了・スキップ").click()
    last.get_by_label("メモ").fill("担当者と折り返し済み")
    last.get_by_role("button", name="完了にする").click()
    expect(page.get_by_text("完了しました: 対応期限超過 その27")).to_be_visible()
    expect(page.get_by_text("2 / 2")).to_be_visible()  # back on the page it was done from
    expect(page.locator("li.followup")).to_have_count(2)
