"""A supervisor corrects the analyzer's reading on the case page, in a real browser."""

from playwright.sync_api import expect

from tests.browser_support import ARTIFACTS, log_in
from tests.conftest import make_case

MESSAGE = "先週修理に来てもらったのに、また紙詰まりです。誠意を見せてください。"


def test_a_supervisor_corrects_the_anger_and_adds_a_missing_label(page, operator_a, supervisor_a):
    case = make_case(operator_a, title="紙詰まりが再発", first_message=MESSAGE, assignee=operator_a)
    message = case.interactions.get(direction="in")

    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    panel = page.locator("#readings")
    expect(panel.get_by_role("heading", name="読み取りの訂正")).to_be_visible()
    row = panel.locator(f"#reading-{message.pk}")
    row.get_by_text("この読み取りを訂正する").click()
    row.get_by_label("3", exact=True).check()
    row.get_by_label("足りないラベルを追加").select_option(label="暴言・人格否定")
    row.get_by_label("それを示す言葉").fill("誠意を見せて")
    row.get_by_role("button", name="訂正を保存").click()

    expect(page.get_by_text("読み取りを訂正しました。")).to_be_visible()
    row = page.locator(f"#reading-{message.pk}")
    corrected = row.locator(".reading.corrected")
    expect(corrected).to_contain_text("訂正済み")
    expect(corrected).to_contain_text("怒り 3")
    expect(corrected).to_contain_text("暴言・人格否定")
    expect(row.locator(".reading.original")).to_be_visible()  # the analyzer's, beside it
    entry = page.locator("li.entry.event").last
    expect(entry).to_contain_text("読み取りの訂正")
    expect(entry).to_contain_text("追加 暴言・人格否定「誠意を見せて」")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reading_correction.png"), full_page=True)


def test_words_that_are_not_in_the_message_show_an_error_in_place(page, operator_a):
    case = make_case(operator_a, first_message=MESSAGE, assignee=operator_a)
    message = case.interactions.get(direction="in")
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    row = page.locator(f"#reading-{message.pk}")
    row.get_by_text("この読み取りを訂正する").click()
    row.get_by_label("足りないラベルを追加").select_option(label="値引き")
    row.get_by_label("それを示す言葉").fill("安くしろ")
    row.get_by_role("button", name="訂正を保存").click()
    expect(page.locator(f"#reading-{message.pk} .error")).to_contain_text("メッセージにありません")
    expect(page.locator(f"#reading-{message.pk} .reading.corrected")).to_have_count(0)


def test_a_supervisor_marks_an_override_as_the_coachs_mistake(page, operator_a, supervisor_a):
    from django.utils import timezone

    from kamitaiou.cases.actions import do_add_interaction
    from kamitaiou.readings.models import OverrideJudgement

    case = make_case(operator_a, title="説明の行き違い", first_message=MESSAGE, assignee=operator_a)
    reply = do_add_interaction(
        operator_a,
        case,
        direction="out",
        channel="phone",
        text="いや、そうではございません。",
        occurred_at=timezone.now(),
        coach_shown="[]",
    )

    log_in(page, "sv_a", "pw-sv_a")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    panel = page.locator("#coach-overrides")
    expect(panel.get_by_role("heading", name="上書きされたコーチの指摘")).to_be_visible()
    finding = panel.locator("form.override[data-code=partial_denial]")
    finding.get_by_role("button", name="コーチが誤り").click()

    expect(page.get_by_text("判定を記録しました。")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("partial_denial — コーチが誤り")
    expect(page.locator("form.override[data-code=partial_denial] .verdict")).to_contain_text(
        "コーチが誤り"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "coach_override_judged.png"), full_page=True)
    row = OverrideJudgement.objects.get(interaction=reply)
    assert (row.verdict, row.actor) == ("coach_wrong", supervisor_a)
