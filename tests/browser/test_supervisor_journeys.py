"""What a supervisor does on day one, clicked through in a real browser: approve a special
request from 承認待ち, keep an escalated case, own the SLA-breach report; and the
after-follow referral that needs a concrete persona."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.cases.models import Case
from kamitaiou.followups.sla import escalate_breaches
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case, make_user

pytestmark = pytest.mark.browser


def switch_to(page, username):
    """Log out from the header, then log in as ``username``."""
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, username, f"pw-{username}")


def special_request_waiting(operator):
    case = make_case(
        operator,
        kind="special_request",
        assignee=operator,
        title="設置日の前倒しのご要望",
        first_message="来月の設置を今月中にしてもらえませんか。",
    )
    do_change_stage(operator, case, target="empathy")
    ma.do_record_fact(operator, case, fact="customer_benefit", value=True)
    do_change_stage(operator, case, target="approval_pending")
    return case


def test_supervisor_approves_a_special_request_from_the_approvals_queue(
    page, operator_a, supervisor_a
):
    case = special_request_waiting(operator_a)
    log_in(page, "sv_a", "pw-sv_a")
    queue = page.locator("#nav-approvals")
    expect(queue.locator(".badge")).to_have_text("1")
    queue.click()
    expect(page.get_by_role("heading", name="承認待ち")).to_be_visible()
    row = page.locator("#approval-queue tr", has_text=case.title)
    expect(row).to_contain_text("op_a")
    row.get_by_role("link", name="確認して判断する").click()

    approve = page.get_by_role("button", name="特別対応を承認する → 承認")
    expect(approve).to_be_enabled()
    approve.click()  # nothing typed yet: the browser asks for the reason, nothing is posted
    expect(page.locator(".stage")).to_have_text("承認待ち")
    page.get_by_label("承認する理由（必須）").fill(
        "設置業者の空きがあり、お客様の業務開始に間に合うため"
    )
    approve.click()

    expect(page.locator(".messages")).to_contain_text("段階を進めました。")
    expect(page.locator(".stage")).to_have_text("承認")
    expect(page.locator(".timeline")).to_contain_text("段階")
    expect(page.locator("#nav-approvals .badge")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "special_request_approved.png"), full_page=True)
    event = Case.objects.get(pk=case.pk).events.get(kind="stage_changed", data__to="approved")
    assert event.actor == supervisor_a
    assert event.data["approval_reason"] == "設置業者の空きがあり、お客様の業務開始に間に合うため"


def test_operator_sees_approve_disabled_and_no_reason_field(page, operator_a):
    case = special_request_waiting(operator_a)
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_role("button", name="特別対応を承認する → 承認")).to_be_disabled()
    expect(page.get_by_label("承認する理由（必須）")).to_have_count(0)
    expect(page.locator("#method")).to_contain_text("上長（SV）または管理者のみ")
    expect(page.locator("#nav-approvals")).to_have_count(0)


def test_a_case_a_supervisor_took_over_stays_with_supervisors(page, operator_a, rep_a, team_a):
    make_user("sv_a", "supervisor", team_a)
    make_user("sv_a2", "supervisor", team_a)
    case = make_case(
        operator_a,
        assignee=operator_a,
        title="修理ミスで損害が出たとのお申し出",
        first_message="誠意がないなら弁護士に相談して訴えます。",
    )
    log_in(page, "sv_a", "pw-sv_a")
    expect(page.locator("#nav-escalations .badge")).to_have_text("1")
    page.locator("#nav-escalations").click()
    page.get_by_role("button", name="この案件を引き継ぐ").click()
    expect(page.locator(".messages")).to_contain_text("案件を引き継ぎました。")

    switch_to(page, "rep_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.locator("#escalation-hold")).to_contain_text("エスカレーション対応中")
    expect(page.get_by_role("button", name="自分が担当する")).to_have_count(0)
    page.locator("#change summary").click()
    expect(page.get_by_role("button", name="担当を変える", exact=True)).to_have_count(0)

    switch_to(page, "sv_a2")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    page.get_by_label("担当を引き継ぐ理由（記録に残ります）").fill(
        "sv_aの出張中、訴訟対応を引き継ぐ"
    )
    page.get_by_role("button", name="自分が担当する").click()
    expect(page.locator(".messages")).to_contain_text("この案件の担当になりました。")
    expect(page.locator(".timeline")).to_contain_text("sv_aの出張中、訴訟対応を引き継ぐ")
    case.refresh_from_db()
    assert case.assignee.username == "sv_a2"


def test_an_operator_cannot_complete_the_supervisors_breach_report(page, operator_a, supervisor_a):
    case = make_case(
        operator_a,
        assignee=operator_a,
        title="返事をしていない件",
        opened_at=timezone.now() - timedelta(days=10),
    )
    escalate_breaches(now=timezone.now())
    report = case.followups.filter(kind="sla_breach_escalation").order_by("pk").first()

    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    item = page.locator(f"#followup-{report.pk}")
    expect(item).to_contain_text("担当者か、チームの上長（SV）・管理者です")
    expect(item.locator("details.followup-actions")).to_have_count(0)

    switch_to(page, "sv_a")
    page.goto(f"{page.base_url}/today/")
    item = page.locator(f"#followup-{report.pk}").first
    item.get_by_text("完了・スキップ").click()
    item.get_by_label("メモ").fill("担当者と面談し、本日中に初回連絡すると確認")
    item.get_by_role("button", name="完了にする").click()
    expect(page.locator(".messages")).to_contain_text("完了しました")
    report.refresh_from_db()
    assert report.status == "done" and report.done_by == supervisor_a


def test_a_vague_referral_persona_is_refused_with_the_reason(page, rep_a):
    case = make_case(rep_a, kind="after_follow", assignee=rep_a, title="オフィスチェアのご契約後")
    ma.do_record_fact(rep_a, case, fact="visit_confirmed", value=True)
    do_change_stage(rep_a, case, target="visit")
    do_change_stage(rep_a, case, target="satisfaction")
    ma.do_record_fact(rep_a, case, fact="satisfaction", value=5)

    log_in(page, "rep_a", "pw-rep_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_role("button", name="ご紹介をお願いする → 紹介依頼")).to_be_disabled()
    row = page.locator("tr", has_text="紹介をお願いする具体的な人物像")
    row.get_by_label("紹介をお願いする具体的な人物像").fill("誰か紹介してください")
    row.get_by_role("button", name="記録").click()
    expect(page.locator("#method .error")).to_contain_text("「誰か」「知り合い」")

    row = page.locator("tr", has_text="紹介をお願いする具体的な人物像")
    row.get_by_label("紹介をお願いする具体的な人物像").fill(
        "長時間のデスクワークで、腰や肩の疲れにお悩みの方はいらっしゃいませんか?"
    )
    row.get_by_role("button", name="記録").click()
    expect(page.locator(".messages")).to_contain_text("記録しました。")
    page.get_by_role("button", name="ご紹介をお願いする → 紹介依頼").click()
    expect(page.locator(".messages")).to_contain_text("段階を進めました。")
    case.refresh_from_db()
    assert case.stage == "referral"
