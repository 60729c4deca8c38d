"""Every main page on a phone (390 × 844) and on a desktop (1280): nothing wider than the
screen, the main navigation and ログアウト visible and clickable, and on the case page the
method's next step comes before the reply box. Screenshots go to test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.cases.models import Case
from kamitaiou.followups.models import FollowUp
from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case, make_contract, make_customer, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}
NAV = ["受信箱", "新規案件", "今日の予定", "エスカレーション"]


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(
        locale="ja-JP",
        timezone_id="Asia/Tokyo",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def busy_supervisor(team_a: Any, operator_a: Any) -> Any:
    """A staff supervisor (the longest navigation) with a long-titled, threatening, overdue
    case and a today page with several groups."""
    boss = make_user("sv_mobile", "supervisor", team_a)
    boss.is_staff = True
    boss.save(update_fields=["is_staff"])
    customer = make_customer(
        team_a,
        name="長谷川 由紀子",
        company="株式会社ロングネーム・インターナショナル・ホールディングス",
    )
    contract = make_contract(customer, product="業務用複合機フルサポートリース契約（5年）")
    case = make_case(
        operator_a,
        customer=customer,
        contract=contract,
        assignee=operator_a,
        priority=4,
        title="複合機の修理に三回来てもらったが直らず、今週中に交換しないと弁護士に相談すると言われている件",
        first_message="もう三回目です。今週中に交換してください。できないなら弁護士に相談します！",
    )
    due = timezone.now() - timedelta(hours=5)
    Case.objects.filter(pk=case.pk).update(due_at=due, inbox_due=due)
    kinds = ["sla_breach_escalation"] * 12 + ["verification_check"] * 3 + ["visit"] * 3
    for i, kind in enumerate(kinds):
        FollowUp.objects.create(
            case=case,
            customer=customer,
            kind=kind,
            due_at=timezone.now() - timedelta(hours=i + 1),
            owner=boss if kind != "visit" else None,  # the visits are the operator's
            title=f"対応期限超過: 初回対応（#{case.pk}）その{i}",
            dedupe_key=f"mobile:{i}",
        )
    return boss, case


def screenshot(page: Any, name: str) -> None:
    """The whole page, and on a phone also screen-sized slices a person can look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"mobile-{name}-{width}.png"), full_page=True)
    if width != PHONE["width"]:
        return
    height = page.evaluate("document.documentElement.scrollHeight")
    for part, top in enumerate(range(0, min(height, 6 * 1400), 1400), start=1):
        clip = {"x": 0, "y": top, "width": width, "height": min(1400, height - top)}
        path = ARTIFACTS / f"mobile-{name}-{width}-part{part}.png"
        page.screenshot(path=str(path), full_page=True, clip=clip)


def assert_fits(page: Any) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide on a {width}px screen"


def assert_header_usable(page: Any) -> None:
    nav = page.get_by_role("navigation", name="メインメニュー")
    for name in NAV:
        link = nav.get_by_role("link", name=name)
        expect(link).to_be_visible()
        link.click(trial=True)  # visible, stable, not covered by anything
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
        assert box["height"] < 60, f"{name} wraps: {box}"
    logout = page.get_by_role("button", name="ログアウト")
    expect(logout).to_be_visible()
    logout.click(trial=True)
    box = logout.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["390", "768", "1280"])
def test_every_main_page_fits_the_screen_with_a_usable_header(phone, busy_supervisor, viewport):
    _, case = busy_supervisor
    page = phone
    page.set_viewport_size(viewport)
    page.goto(page.base_url + "/login/")
    screenshot(page, "login")
    assert_fits(page)
    log_in(page, "sv_mobile", "pw-sv_mobile")

    pages = {
        "inbox": "/?tab=team",
        "case": f"/cases/{case.pk}/",
        "today": "/today/",
        "new-case": "/cases/new/",
        # and the other pages the menu leads to
        "escalations": "/escalations/",
        "incidents": "/incidents/",
        "customer": f"/customers/{case.customer_id}/",
        "followup": f"/followups/{FollowUp.objects.filter(case=case).first().pk}/",
    }
    for name, path in pages.items():
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
        screenshot(page, name)
        assert_fits(page)
        assert_header_usable(page)

    # The nav really works with a tap, and so does ログアウト.
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="今日の予定"
    ).click()
    expect(page.get_by_role("heading", name="今日の予定", exact=True)).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("button", name="ログイン")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, TABLET], ids=["390", "768"])
def test_on_a_phone_the_method_comes_before_the_reply_box(phone, busy_supervisor, viewport):
    _, case = busy_supervisor
    phone.set_viewport_size(viewport)
    log_in(phone, "sv_mobile", "pw-sv_mobile")
    phone.goto(f"{phone.base_url}/cases/{case.pk}/")
    method = phone.locator("#method").bounding_box()
    reply = phone.get_by_label("内容", exact=True).bounding_box()
    record = phone.locator("section.timeline h2").bounding_box()
    assert method["y"] + method["height"] <= reply["y"]
    assert method["y"] < record["y"]
    assert method["width"] <= viewport["width"]
