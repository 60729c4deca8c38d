"""The desk's journeys clicked through in a real browser: file a consultation and the desk
answers it; the supervisor records a check-in from the today page and the person declines
the next; the policy banner until acknowledged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.followups.models import FollowUp
from kamitaiou.protection.desk_models import CheckIn, Consultation
from kamitaiou.protection.policy import do_publish_policy
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def switch_to(page, username):
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, username, f"pw-{username}")


def test_a_staff_member_files_a_consultation_and_only_the_desk_reads_it(
    page, operator_a, supervisor_a, desk_user, case_a
):
    log_in(page, "op_a", "pw-op_a")
    page.locator("#nav-desk").click()
    page.get_by_role("link", name="相談する").click()
    page.get_by_label("カスハラか判断に迷う").check()
    page.get_by_label("件名").fill("毎日かかってくる長電話")
    page.get_by_label("相談内容").fill("毎日1時間以上、同じ話を繰り返されます。")
    page.get_by_role("button", name="相談を送る").click()
    expect(page.locator(".messages")).to_contain_text("相談を受け付けました")
    consultation = Consultation.objects.get()

    switch_to(page, "sv_a")
    page.goto(f"{page.base_url}/protection/consultations/{consultation.pk}/")
    expect(page.locator("body")).not_to_contain_text("毎日1時間以上")
    page.goto(f"{page.base_url}/protection/consultations/")
    expect(page.locator("#consultations")).not_to_contain_text("毎日かかってくる長電話")

    switch_to(page, "desk")
    page.locator("#nav-desk").click()
    page.locator("#consultations").get_by_role("link", name="毎日かかってくる長電話").click()
    expect(page.locator("#filer")).to_contain_text("op_a")
    expect(page.locator("#filer")).to_contain_text("上長には匿名")
    page.get_by_label("状況").select_option("in_progress")
    page.get_by_label("紐づける案件番号（任意）").fill("abc")
    page.get_by_role("button", name="対応を記録する").click()
    expect(page.locator(".error")).to_contain_text("案件番号は数字で")
    page.get_by_label("紐づける案件番号（任意）").fill("")
    page.get_by_label("対応メモ").fill("本人と面談の日程を調整中")
    page.get_by_role("button", name="対応を記録する").click()
    expect(page.locator(".messages")).to_contain_text("相談の対応を記録しました")
    expect(page.locator("#notes")).to_contain_text("本人と面談の日程を調整中")
    consultation.refresh_from_db()
    assert consultation.status == "in_progress"


def test_the_supervisor_records_a_check_in_and_the_person_declines_the_next(
    page, incident_a, operator_a, supervisor_a
):
    FollowUp.objects.filter(kind="staff_checkin", staff_checkin__step="next_day").update(
        due_at=timezone.now() + timedelta(minutes=30)
    )
    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/today/")
    page.get_by_role("link", name="面談を記録する・予定を見る").first.click()
    expect(page.get_by_role("heading", name="ケア面談（翌営業日）")).to_be_visible()
    page.get_by_label("疲れ・不安がある").check()
    page.get_by_label("本人の様子").fill("夜眠れないと話していた")
    page.get_by_label("合意したこと（担当替え・休息・相談窓口の紹介など）").fill(
        "今週は電話当番を外す"
    )
    page.get_by_role("button", name="記録する").click()
    expect(page.locator(".messages")).to_contain_text("面談を記録しました")
    expect(page.locator("#checkin")).to_contain_text("実施済み")
    expect(page.locator("#checkin")).not_to_contain_text("夜眠れない")

    switch_to(page, "op_a")
    page.goto(f"{page.base_url}/protection/checkins/")
    page.locator("#my-checkins").get_by_role("link", name="翌営業日").click()
    expect(page.locator("#checkin-record")).to_contain_text("夜眠れないと話していた")
    page.goto(f"{page.base_url}/protection/checkins/")
    page.locator("#my-checkins").get_by_role("link", name="1週間後").click()
    page.get_by_label("辞退の理由（任意）").fill("今は大丈夫です")
    page.get_by_label("残りの面談もすべて辞退する").check()
    page.get_by_role("button", name="辞退する").click()
    expect(page.locator(".messages")).to_contain_text("面談を辞退しました（2件）")
    assert set(CheckIn.objects.values_list("status", flat=True)) == {"done", "declined"}


def test_the_policy_banner_asks_until_the_person_acknowledges(page, operator_a, admin_user):
    do_publish_policy(
        admin_user, title="基本方針", policy_text="従業員を守ります。", handbook_text="1. 警告する"
    )
    log_in(page, "op_a", "pw-op_a")
    banner = page.locator("#policy-banner")
    expect(banner).to_contain_text("第1版")
    banner.get_by_role("link", name="基本方針を読む").click()
    expect(page.locator("#policy")).to_contain_text("従業員を守ります。")
    page.get_by_role("button", name="確認しました").click()
    expect(page.locator(".messages")).to_contain_text("基本方針を確認しました")
    expect(page.locator("#acknowledged")).to_be_visible()
    page.goto(f"{page.base_url}/protection/consultations/")
    expect(page.get_by_role("heading", name="相談窓口")).to_be_visible()
    expect(page.locator("#policy-banner")).to_have_count(0)
