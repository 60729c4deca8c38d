"""「APIトークン」: a person issues a token (shown once) and revokes it; never another's."""

from __future__ import annotations

from kamitaiou.api.models import ApiToken
from kamitaiou.api.tokens import do_create_api_token
from tests.api.conftest import ApiClient


def test_the_tokens_page_needs_a_login(client):
    response = client.get("/api/tokens/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_person_issues_a_token_and_sees_it_once(client, operator_a, case_a):
    client.force_login(operator_a)
    response = client.post("/api/tokens/", {"name": "CTI", "scope": "read", "expires_in": "30"})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw.startswith("kt_") and raw in response.content.decode()
    assert "表示は今回だけ" in response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == operator_a and token.expires_at is not None
    assert raw not in client.get("/api/tokens/").content.decode()
    assert ApiClient(raw).get("/api/v1/cases").status_code == 200


def test_a_token_without_a_name_is_a_form_error(client, operator_a):
    client.force_login(operator_a)
    response = client.post("/api/tokens/", {"name": "", "scope": "write"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    bad = client.post("/api/tokens/", {"name": "x", "scope": "root", "expires_in": "7"})
    assert bad.status_code == 400


def test_a_person_revokes_their_token_and_it_stops_working(client, operator_a):
    new = do_create_api_token(operator_a, user=operator_a, name="CRM")
    client.force_login(operator_a)
    response = client.post(f"/api/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 302
    assert ApiClient(new.raw).get("/api/v1/cases").status_code == 401


def test_nobody_revokes_another_persons_token(client, operator_a, operator_b):
    new = do_create_api_token(operator_a, user=operator_a, name="CRM")
    client.force_login(operator_b)
    assert client.post(f"/api/tokens/{new.token.pk}/revoke/").status_code == 404
    assert client.get(f"/api/tokens/{new.token.pk}/revoke/").status_code == 405
    assert client.post("/api/tokens/99999999999999999999999/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_issues_a_token_in_the_admin_and_sees_it_once(client, admin_user, operator_a):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        "/admin/api/apitoken/add/",
        {
            "user": operator_a.pk,
            "name": "by admin",
            "scope": "write",
            "expires_at_0": "",
            "expires_at_1": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.user == operator_a and token.key_hash
    shown = [str(m) for m in response.context["messages"]]
    assert any("kt_" in m for m in shown)
