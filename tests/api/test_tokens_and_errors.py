"""Tokens (shown once, hashed, revocable, expiring), JSON errors for bad input, 429s,
and the rights of each role — the API refuses what the page refuses."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from kamitaiou.api.models import ApiToken
from kamitaiou.api.tokens import do_create_api_token, do_revoke_api_token, hash_key
from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.cases.models import Case
from tests.api.conftest import ApiClient
from tests.conftest import make_case

CASES = "/api/v1/cases"


def _error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["message_ja"] and body["message_en"]
    return body


# --- tokens ------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash(operator_a):
    new = do_create_api_token(operator_a, user=operator_a, name="CTI")
    stored = ApiToken.objects.get()
    assert new.raw.startswith("kt_") and new.raw not in str(vars(stored))
    assert stored.key_hash == hash_key(new.raw)


def test_a_request_without_a_valid_token_is_a_401(case_a):
    for client in (ApiClient(None), ApiClient("kt_nope"), ApiClient("not-even-ours")):
        response = client.get(CASES)
        _error(response, 401, "unauthorized")
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_browser_session_is_not_a_way_into_the_api(client, operator_a):
    client.force_login(operator_a)
    assert client.get(CASES).status_code == 401


def test_a_revoked_or_expired_token_or_inactive_user_is_a_401(operator_a, case_a):
    revoked = do_create_api_token(operator_a, user=operator_a, name="a")
    do_revoke_api_token(operator_a, revoked.token)
    _error(ApiClient(revoked.raw).get(CASES), 401, "unauthorized")
    expired = do_create_api_token(
        operator_a, user=operator_a, name="b", expires_at=timezone.now() - timedelta(seconds=1)
    )
    _error(ApiClient(expired.raw).get(CASES), 401, "unauthorized")
    live = do_create_api_token(operator_a, user=operator_a, name="c")
    assert ApiClient(live.raw).get(CASES).status_code == 200
    operator_a.is_active = False
    operator_a.save()
    _error(ApiClient(live.raw).get(CASES), 401, "unauthorized")


def test_using_a_token_records_when_it_was_last_used(operator_a):
    new = do_create_api_token(operator_a, user=operator_a, name="a")
    ApiClient(new.raw).get(CASES)
    assert ApiToken.objects.get().last_used_at is not None


def test_only_the_user_or_an_admin_issues_or_revokes_a_token(operator_a, operator_b, admin_user):
    import pytest

    with pytest.raises(PermissionError):
        do_create_api_token(operator_b, user=operator_a, name="x")
    new = do_create_api_token(admin_user, user=operator_a, name="by admin")
    with pytest.raises(PermissionError):
        do_revoke_api_token(operator_b, new.token)
    do_revoke_api_token(admin_user, new.token)


def test_the_token_command_prints_a_working_token_once(operator_a, case_a):
    out = io.StringIO()
    call_command("token", "create", "op_a", "--name", "CRM", "--scope", "write", stdout=out)
    raw = out.getvalue().strip()
    assert ApiClient(raw).get(CASES).status_code == 200
    listing = io.StringIO()
    call_command("token", "list", "op_a", stdout=listing)
    assert "CRM" in listing.getvalue() and raw not in listing.getvalue()


# --- bad input -----------------------------------------------------------------------


def test_malformed_json_is_a_400(api_op_a, case_a):
    for raw in (b"{", b"\xff\xfe", b'{"direction": "in", "text": "x"'):
        response = api_op_a.post(f"{CASES}/{case_a.pk}/interactions", raw=raw)
        _error(response, 400, "malformed_json")


def test_wrong_types_and_shapes_are_a_422(api_op_a, case_a, team_a):
    path = f"{CASES}/{case_a.pk}/interactions"
    for body in (
        [],
        "text",
        {"direction": "in", "text": 5},
        {"direction": "sideways", "text": "x"},
        {"direction": "in", "text": ""},
        {"direction": "in", "text": "x", "occurred_at": "yesterday"},
        {"direction": "in", "text": "x", "occurred_at": "2026-11-20T10:00:00"},  # no zone
        {"direction": "in", "text": "x", "seen_inbound": 2**70},
        {"direction": "in", "text": "x" * 20_001},
    ):
        _error(api_op_a.post(path, body), 422, "invalid")
    for body in (
        {"kind": "complaint", "title": "x", "team_id": 2**64, "new_customer": {"name": "a"}},
        {"kind": "complaint", "title": "x", "team_id": "1", "new_customer": {"name": "a"}},
        {"kind": "complaint", "title": "x", "team_id": team_a.pk},
    ):
        response = api_op_a.post(CASES, body)
        assert response.status_code == 422, (body, response.content)
    assert case_a.interactions.count() == 1
    assert Case.objects.count() == 1


def test_a_nul_character_is_refused_not_stored(api_op_a, case_a):
    response = api_op_a.post(
        f"{CASES}/{case_a.pk}/interactions", {"direction": "in", "text": "a\x00b"}
    )
    _error(response, 422, "invalid")


def test_a_huge_body_is_a_413(api_op_a, case_a, settings):
    settings.KAMITAIOU_API_MAX_BODY = 1000
    response = api_op_a.post(
        f"{CASES}/{case_a.pk}/interactions", {"direction": "in", "text": "あ" * 2000}
    )
    _error(response, 413, "too_large")
    assert case_a.interactions.count() == 1


def test_too_many_requests_is_a_429_with_retry_after(operator_a, settings):
    from kamitaiou.api import urls

    throttle = urls.api.throttle[0]
    saved = throttle.num_requests
    throttle.num_requests = 3
    try:
        client = ApiClient(do_create_api_token(operator_a, user=operator_a, name="a").raw)
        statuses = [client.get(CASES).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = client.get(CASES)
        _error(response, 429, "rate_limited")
        assert int(response["Retry-After"]) >= 1
        other = ApiClient(do_create_api_token(operator_a, user=operator_a, name="b").raw)
        assert other.get(CASES).status_code == 200  # the limit is per token
    finally:
        throttle.num_requests = saved


# --- rights of each role ---------------------------------------------------------------


def _pending(user):
    case = make_case(user, kind="special_request", assignee=user)
    do_change_stage(user, case, target="empathy")
    ma.do_record_fact(user, case, fact="customer_benefit", value=True)
    do_change_stage(user, case, target="approval_pending")
    return case


def test_an_operator_cannot_approve_special_handling_a_supervisor_can(
    api_op_a, api_sv_a, operator_a
):
    case = _pending(operator_a)
    body = {"action": "approve", "approval_reason": "長年のお取引があり、再発防止にもなるため。"}
    refused = _error(api_op_a.post(f"{CASES}/{case.pk}/moves", body), 409, "refused")
    assert refused["details"]
    case.refresh_from_db()
    assert case.stage == "approval_pending"
    no_reason = api_sv_a.post(f"{CASES}/{case.pk}/moves", {"action": "approve"})
    _error(no_reason, 409, "refused")
    approved = api_sv_a.post(f"{CASES}/{case.pk}/moves", body)
    assert approved.status_code == 200, approved.content
    assert approved.json()["stage"] == "approved"


def test_a_supervisor_of_another_team_gets_404_not_403(api_op_b, operator_a):
    case = _pending(operator_a)
    response = api_op_b.post(f"{CASES}/{case.pk}/moves", {"action": "approve"})
    _error(response, 404, "not_found")


# --- documentation -----------------------------------------------------------------------


def test_the_openapi_document_lists_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/moves"} <= set(paths)
    assert "/api/v1/cases/{id}/interactions" in paths


def test_the_docs_page_is_served_locally_without_a_cdn(client):
    assert client.get("/api/docs").status_code == 302
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
