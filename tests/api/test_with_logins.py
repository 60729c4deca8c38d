"""The API next to the logins (django-axes, two-factor, the CSP, the request limits): a
token request is not a session request, and the docs page runs under the CSP unchanged."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kamitaiou.accounts import sessions
from kamitaiou.api.tokens import do_create_api_token

CASES = "/api/v1/cases"


def _bearer(user):
    raw = do_create_api_token(user, user=user, name="logins", scope="write").raw
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.two_factor_required
def test_a_token_request_is_answered_even_with_an_unverified_session_riding_along(
    supervisor_a, case_a
):
    browser = Client()
    browser.force_login(supervisor_a)  # signed in with the password only, no code yet
    assert browser.get(reverse("inbox")).status_code == 302  # the page asks for the code
    response = browser.get(CASES, {"tab": "team"}, headers=_bearer(supervisor_a))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [case_a.pk]


@pytest.mark.two_factor_required
def test_issuing_a_token_still_needs_the_second_factor(client, supervisor_a):
    client.force_login(supervisor_a)
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_a_token_request_neither_ends_nor_refreshes_the_browser_session(client, operator_a):
    client.force_login(operator_a)
    session = client.session
    long_ago = time.time() - settings.KAMITAIOU_SESSION_IDLE_MINUTES * 60 - 60
    session[sessions.SEEN_AT] = long_ago
    session.save()
    response = client.get(CASES, headers=_bearer(operator_a))
    assert response.status_code == 200
    assert client.session[sessions.SEEN_AT] == long_ago  # not refreshed by the API
    assert "_auth_user_id" in client.session  # nor logged out by it
    assert client.get(reverse("inbox")).status_code == 302  # the page still ends it


def test_wrong_tokens_do_not_lock_the_person_out_of_logging_in(client, operator_a):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        response = client.get(CASES, headers={"Authorization": "Bearer kt_wrong"})
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
    login = client.post(reverse("login"), {"username": "op_a", "password": "pw-op_a"})
    assert login.status_code == 302


@pytest.mark.parametrize("size", [300 * 1024, 2 * 2**20, 30 * 2**20])
def test_a_body_over_the_api_limit_is_a_json_413_whichever_ceiling_refuses_it(
    case_a, operator_a, size
):
    # 256 KiB (the API's), 1 MiB (every form's), the upload ceiling: always the API's error.
    response = Client().post(
        f"/api/v1/cases/{case_a.pk}/interactions",
        b"x",
        content_type="application/json",
        headers=_bearer(operator_a),
        CONTENT_LENGTH=str(size),
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "too_large"


def test_the_docs_page_runs_under_the_csp_from_static_files_only(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    # The page needs no nonce: every script it runs is a file of our own origin.
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        # Either a static file of our own origin, or a data block the browser never runs.
        if 'type="application/json"' in attributes:
            continue
        assert re.search(r'src="/static/ninja/[\w.-]+\.js"', attributes), attributes
        assert not body.strip()
    outside_scripts = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "<style" not in outside_scripts
    assert not re.search(r"\s(style|on[a-z]+)=", outside_scripts)
    assert response["Cache-Control"] == "no-store"
