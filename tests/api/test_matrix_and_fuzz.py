"""Every endpoint × every role × own / other team's case, and a schema-driven fuzz: each
property of each request body and query replaced by hostile values. Never a 5xx; every
answer is one the OpenAPI document declares, and an error is the JSON error shape."""

from __future__ import annotations

import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kamitaiou.cases.models import Case, Interaction
from tests.api.conftest import api_for
from tests.conftest import make_case, make_contract, make_customer

ROLES = ("operator_a", "rep_a", "supervisor_a", "admin_user", "operator_b")
SEES_TEAM_A = {"operator_a", "rep_a", "supervisor_a", "admin_user"}


def _operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation, schema


def _declared(operation):
    return {int(code) for code in operation["responses"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", ["read", "write"])
def test_the_permission_matrix_over_every_endpoint(request, client, role, scope, team_a):
    user = request.getfixturevalue(role)
    owner = request.getfixturevalue("operator_a")
    case = make_case(owner, first_message="また紙詰まりです。", assignee=owner)
    contract = make_contract(case.customer)
    api = api_for(user, scope=scope)
    sees = role in SEES_TEAM_A
    team_id = team_a.pk
    write = (200 if sees else 404) if scope == "write" else 403
    checks = {
        ("get", "/api/v1/cases/{id}"): (None, 200 if sees else 404),
        ("post", "/api/v1/cases/{id}/interactions"): (
            {"direction": "internal", "text": "メモ"},
            (201 if sees else 404) if scope == "write" else 403,
        ),
        ("post", "/api/v1/cases/{id}/moves"): (
            {"action": "start_calming"},
            (200 if sees else 404) if scope == "write" else 403,
        ),
        ("post", "/api/v1/cases"): (
            {
                "kind": "complaint",
                "title": "新規",
                "team_id": team_id,
                "new_customer": {"name": "a"},
            },
            (201 if sees else 422) if scope == "write" else 403,
        ),
        ("get", "/api/v1/customers/{id}"): (None, 200 if sees else 404),
        ("patch", "/api/v1/customers/{id}"): ({"company": "株式会社テスト"}, write),
        ("post", "/api/v1/customers"): (
            {"team_id": team_id, "name": "新しいお客様"},
            (201 if sees else 422) if scope == "write" else 403,
        ),
        ("post", "/api/v1/customers/{id}/contracts"): (
            {"product": "保守契約", "start_date": "2026-11-01"},
            (201 if sees else 404) if scope == "write" else 403,
        ),
        ("get", "/api/v1/contracts/{id}"): (None, 200 if sees else 404),
        ("patch", "/api/v1/contracts/{id}"): ({"terms": "第1条 改定"}, write),
        ("post", "/api/v1/followups/{id}/complete"): ({"improved": "yes"}, None),
        ("post", "/api/v1/followups/{id}/skip"): ({"note": "x"}, None),
        # no case involved: any token reads text
        ("post", "/api/v1/analyze"): ({"text": "ふざけるな！"}, 200),
        ("post", "/api/v1/coach"): (
            {"text": "申し訳ございません。", "kind": "complaint", "stage": "calming"},
            200,
        ),
    }
    seen_paths = set()
    for path, method, operation, _schema in _operations(client):
        seen_paths.add((method, path))
        target = case.customer if path.startswith("/api/v1/customers") else case
        target = contract if path.startswith("/api/v1/contracts") else target
        url = path.replace("{id}", str(target.pk))
        if path.startswith("/api/v1/followups"):
            continue  # tests/api/test_followups_api.py
        if (method, path) in (("get", "/api/v1/customers"), ("get", "/api/v1/contracts")):
            response = api.get(url)
            assert response.status_code == 200
            listed = {item["id"] for item in response.json()["items"]}
            assert (target.pk in listed) == sees, (role, path)
            continue
        if path in ("/api/v1/escalations", "/api/v1/approvals"):
            response = api.get(url)
            assert response.status_code == (200 if role in ("supervisor_a", "admin_user") else 403)
            continue
        if path == "/api/v1/escalations/{id}/accept":
            continue  # tests/api/test_supervision_api.py
        if (method, path) == ("get", "/api/v1/cases"):
            response = api.get(url)
            assert response.status_code == 200
            listed = {item["id"] for item in response.json()["items"]}
            assert (case.pk in listed) == sees
            continue
        body, expected = checks[(method, path)]
        response = api.get(url) if method == "get" else getattr(api, method)(url, body)
        assert response.status_code == expected, (role, scope, method, path, response.content)
        assert response.status_code in _declared(operation)
    assert len(seen_paths) == 21
    if not (sees and scope == "write"):
        assert Interaction.objects.filter(case=case).count() == 1
        assert Case.objects.get(pk=case.pk).stage == "received"
        contract.refresh_from_db()
        assert contract.terms.startswith("第3条") and not case.customer.contracts.exclude(
            pk=contract.pk
        )


HOSTILE = [
    None,
    True,
    0,
    -1,
    2**63,
    2**64,
    1.5,
    "",
    "x",
    "\x00",
    "𠮷" * 300,
    "A" * 30_000,
    [],
    [1, 2],
    {},
    {"a": 1},
    "2026-13-45T99:99:99+09:00",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+09:00",
]


def _bodies(schema, ref):
    """A valid-looking body and every body with one property replaced by a hostile value."""
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    base = {
        "kind": "complaint",
        "title": "t",
        "team_id": 1,
        "new_customer": {"name": "n"},
        "direction": "in",
        "text": "t",
        "action": "start_calming",
        "stage": "calming",
        "name": "n",
        "product": "p",
        "start_date": "2026-05-01",
    }
    base = {k: v for k, v in base.items() if k in component["properties"]}
    yield base
    for name, value in itertools.product(component["properties"], HOSTILE):
        yield {**base, name: value}
    yield from ([], "x", 1, None, {"unknown": 1})


def _check(response, operation):
    assert response.status_code < 500, response.content[:300]
    assert response.status_code in _declared(operation), (response.status_code, operation)
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"code", "message_ja", "message_en", "details"}


@pytest.fixture
def no_rate_limit():
    from kamitaiou.api import urls

    throttle = urls.api.throttle[0]
    saved = throttle.num_requests
    throttle.num_requests = 10**9
    yield
    throttle.num_requests = saved


def test_fuzzing_every_body_and_query_never_gives_a_5xx(client, operator_a, case_b, no_rate_limit):
    api = api_for(operator_a)
    case = make_case(operator_a, first_message="返金してください。", assignee=operator_a)
    make_customer(operator_a.teams.first())
    sent = 0
    for path, method, operation, schema in _operations(client):
        for case_id in (case.pk, case_b.pk, 0, 2**64):
            url = path.replace("{id}", str(case_id))
            if method == "get":
                params = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                for name, value in itertools.product(params, HOSTILE):
                    text = value if isinstance(value, str) else json.dumps(value)
                    _check(api.get(url, {name: text}), operation)
                    sent += 1
                _check(api.get(url), operation)
                continue
            send = getattr(api, method)
            if "requestBody" not in operation:
                _check(send(url, {}), operation)
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            for body in _bodies(schema, ref):
                _check(send(url, body), operation)
                sent += 1
    assert sent > 500
    print(f"fuzz: {sent} requests, no 5xx")


def test_the_case_list_spends_the_same_queries_for_5_or_50_cases(operator_a, team_a):
    api = api_for(operator_a)
    customer = make_customer(team_a)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/cases", {"limit": 100}).status_code == 200
        return len(captured)

    for _ in range(5):
        make_case(operator_a, customer=customer)
    queries()  # the first use of a token also records its last-used time
    few = queries()
    for _ in range(45):
        make_case(operator_a, customer=customer)
    assert queries() == few
