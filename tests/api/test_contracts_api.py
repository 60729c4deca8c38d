"""``/api/v1/contracts``: a contract is seen with its customer; added as on the page (its
after-follow starts), changed field by field, another team's is 404."""

from __future__ import annotations

import datetime

from kamitaiou.cases.models import Case, Contract
from tests.api.conftest import api_for
from tests.conftest import make_contract, make_customer


def test_a_contract_added_through_the_api_starts_its_after_follow(operator_a, team_a):
    api = api_for(operator_a)
    customer = make_customer(team_a)
    start = datetime.date.today().isoformat()
    made = api.post(
        f"/api/v1/customers/{customer.pk}/contracts",
        {"product": "保守契約", "start_date": start, "terms": "第1条"},
        **{"Idempotency-Key": "c-1"},
    )
    assert made.status_code == 201, made.content
    body = made.json()
    case = Case.objects.get(pk=body["after_follow_case_id"])
    assert case.kind == "after_follow" and case.contract_id == body["id"]
    again = api.post(
        f"/api/v1/customers/{customer.pk}/contracts",
        {"product": "保守契約", "start_date": start, "terms": "第1条"},
        **{"Idempotency-Key": "c-1"},
    )
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    assert Contract.objects.count() == 1


def test_a_contract_the_page_would_refuse_is_refused(operator_a, team_a, team_b):
    api = api_for(operator_a)
    customer = make_customer(team_a)
    url = f"/api/v1/customers/{customer.pk}/contracts"
    backwards = api.post(
        url, {"product": "x", "start_date": "2026-05-01", "end_date": "2026-04-01"}
    )
    assert backwards.status_code == 422 and backwards.json()["details"][0]["field"] == "end_date"
    far = api.post(url, {"product": "x", "start_date": "2099-01-01"})
    assert far.status_code == 409, far.content
    other = make_customer(team_b)
    missing = api.post(
        f"/api/v1/customers/{other.pk}/contracts", {"product": "x", "start_date": "2026-05-01"}
    )
    assert missing.status_code == 404
    reader = api_for(operator_a, scope="read")
    assert reader.post(url, {"product": "x", "start_date": "2026-05-01"}).status_code == 403
    assert not Contract.objects.exists() and not Case.objects.exists()


def test_contracts_are_listed_found_and_paged_only_for_my_teams(operator_a, team_a, team_b):
    api = api_for(operator_a)
    yamada = make_customer(team_a, name="山田 太郎", name_kana="ヤマダ タロウ")
    sato = make_customer(team_a, name="佐藤 花子")
    lease = make_contract(yamada, product="複合機リース")
    upkeep = make_contract(yamada, product="保守サービス")
    other = make_contract(sato, product="複合機リース")
    make_contract(make_customer(team_b, name="山田 次郎"), product="複合機リース")
    listed = api.get("/api/v1/contracts").json()
    assert [i["id"] for i in listed["items"]] == [other.pk, upkeep.pk, lease.pk]
    found = api.get("/api/v1/contracts", {"q": "やまだ 複合機"}).json()["items"]
    assert [i["id"] for i in found] == [lease.pk]
    of_one = api.get("/api/v1/contracts", {"customer_id": sato.pk}).json()["items"]
    assert [i["id"] for i in of_one] == [other.pk]
    page = api.get("/api/v1/contracts", {"limit": 2}).json()
    rest = api.get("/api/v1/contracts", {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [i["id"] for i in rest["items"]] == [lease.pk] and rest["next_cursor"] is None


def test_a_contract_is_changed_field_by_field_and_another_teams_is_404(operator_a, team_a, team_b):
    from kamitaiou.cases import events

    seen = []
    events.subscribe(events.ContractSaved, seen.append)
    try:
        api = api_for(operator_a)
        contract = make_contract(make_customer(team_a), end_date=datetime.date(2027, 3, 31))
        url = f"/api/v1/contracts/{contract.pk}"
        assert api.get(url).json()["product"] == "複合機リース"
        changed = api.patch(url, {"terms": "第3条 改定", "end_date": None})
        assert changed.status_code == 200, changed.content
        assert changed.json()["terms"] == "第3条 改定" and changed.json()["end_date"] is None
        assert changed.json()["product"] == "複合機リース"
        assert seen[-1].changes["end_date"] == ["2027-03-31", None]
        backwards = api.patch(url, {"end_date": "2020-01-01"})
        assert backwards.status_code == 422
        assert api.patch(url, {"product": ""}).status_code == 422
        assert api.patch(url, {"start_date": None}).status_code == 422
        other = make_contract(make_customer(team_b))
        assert api.get(f"/api/v1/contracts/{other.pk}").status_code == 404
        assert api.patch(f"/api/v1/contracts/{other.pk}", {"terms": "x"}).status_code == 404
        assert api.get("/api/v1/contracts/999999").status_code == 404
        reader = api_for(operator_a, scope="read")
        assert reader.patch(url, {"terms": "x"}).status_code == 403
        contract.refresh_from_db()
        assert contract.terms == "第3条 改定" and contract.end_date is None
    finally:
        events.unsubscribe(events.ContractSaved, seen.append)
