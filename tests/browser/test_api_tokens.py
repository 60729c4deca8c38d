"""「APIトークン」: a person issues a token for their CTI, copies it, then revokes it."""

from playwright.sync_api import expect

from kamitaiou.api.models import ApiToken
from tests.api.conftest import ApiClient
from tests.browser_support import log_in


def test_a_person_issues_a_token_uses_it_and_revokes_it(page, operator_a):
    log_in(page, "op_a", "pw-op_a")
    page.goto(f"{page.base_url}/api/tokens/")
    expect(page.get_by_text("発行済みのトークンはありません。")).to_be_visible()
    page.get_by_label("名前（使うシステム。例: CTI）").fill("CTI連携")
    page.get_by_label("権限の範囲").select_option("write")
    page.get_by_role("button", name="トークンを発行する").click()
    expect(page.get_by_text("表示は今回だけなので")).to_be_visible()
    raw = page.locator("#new-token").input_value()
    assert raw.startswith("kt_")
    page.locator("#new-token").click()  # selected, ready to copy (tokens.js, under the CSP)
    selected = "(f) => f.value.substring(f.selectionStart, f.selectionEnd)"
    assert page.locator("#new-token").evaluate(selected) == raw
    assert ApiClient(raw).get("/api/v1/cases").status_code == 200
    page.goto(f"{page.base_url}/api/tokens/")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once
    expect(page.get_by_role("cell", name="CTI連携")).to_be_visible()
    page.get_by_role("button", name="失効させる").click()
    expect(page.get_by_text("トークンを失効させました。")).to_be_visible()
    expect(page.get_by_role("cell", name="失効済み")).to_be_visible()
    assert ApiToken.objects.get().revoked_at is not None
    assert ApiClient(raw).get("/api/v1/cases").status_code == 401


def test_the_docs_page_shows_the_operations_under_the_csp(page, db):
    refused: list[str] = []
    page.on(
        "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto(f"{page.base_url}/api/v1/docs")
    expect(page.get_by_text("/api/v1/cases", exact=True).first).to_be_visible()
    expect(page.get_by_text("/api/v1/contracts/{id}", exact=True).first).to_be_visible()
    expect(page.get_by_text("/api/v1/customers/{id}/contracts", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Kamitaiou API")).to_be_visible()
    assert refused == []
