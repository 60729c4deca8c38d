"""Printing a case record for a handover, as a person does it (decision 0021)."""

from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from kamitaiou.cases.actions import do_add_interaction
from kamitaiou.cases.record import verify_case
from tests.browser_support import log_in
from tests.conftest import make_case


def test_operator_prints_the_record_and_sees_every_hash_and_the_verification(page, operator_a):
    case = make_case(operator_a, title="冷蔵庫の返金", first_message="冷蔵庫が冷えません。")
    log_in(page, "op_a", "pw-op_a")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.get_by_role("button", name="記録を印刷").click()

    expect(page.locator("h1")).to_contain_text("冷蔵庫の返金")
    expect(page.locator("#verification")).to_contain_text("検証: 改ざんなし")
    for event in case.events.order_by("seq"):
        expect(page.locator(f"#e{event.seq} .event-hash")).to_have_text(event.hash)
    expect(page.locator("#printed-by")).to_contain_text("op_a")
    expect(page.locator(".record-entry").last).to_contain_text("記録を印刷しました")
    # the Japanese font is our own Noto Sans JP, loaded from our static files
    assert page.evaluate(
        "async () => { await document.fonts.ready;"
        " return document.fonts.check('12px \"Noto Sans JP\"', '冷蔵庫'); }"
    )
    page.emulate_media(media="print")
    expect(page.locator(".print-tools")).to_be_hidden()
    expect(page.locator("#verification")).to_be_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="案件に戻る").click()
    expect(page.locator(".entries")).to_contain_text("記録を印刷しました")


def test_a_tampered_record_is_printed_with_the_problem(page, operator_a):
    case = make_case(operator_a, title="請求の件", first_message="請求額が違います。")
    reply = do_add_interaction(
        operator_a,
        case,
        direction="out",
        channel="mail",
        text="返金には応じられません。",
        occurred_at=timezone.now(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_interaction SET text = %s WHERE id = %s", ["返金いたします。", reply.pk]
        )
    log_in(page, "op_a", "pw-op_a")
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.get_by_role("button", name="記録を印刷").click()
    verification = page.locator("#verification")
    expect(verification).to_contain_text("検証: 問題あり")
    expect(verification).not_to_contain_text("改ざんなし")
    problems = verify_case(case)
    assert problems
    for problem in problems:  # as the verification says them, whatever the wording
        expect(verification).to_contain_text(problem)
