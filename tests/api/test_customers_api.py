"""``/api/v1/customers``: found as the picker finds them, another team's is 404."""

from __future__ import annotations

from kamitaiou.cases.models import Customer
from tests.api.conftest import api_for
from tests.conftest import make_contract, make_customer


def test_customers_are_found_by_reading_in_any_script(api_op_a, team_a, team_b):
    yamada = make_customer(team_a, name="山田 太郎", name_kana="ヤマダ タロウ")
    make_customer(team_a, name="佐藤 花子")
    make_customer(team_b, name="山田 次郎", name_kana="ヤマダ ジロウ")
    for q in ("やまだ", "ﾔﾏﾀﾞ", "山田"):
        items = api_op_a.get("/api/v1/customers", {"q": q}).json()["items"]
        assert [i["id"] for i in items] == [yamada.pk], q


def test_a_customer_comes_with_its_contracts_and_another_teams_is_404(api_op_a, team_a, team_b):
    mine = make_customer(team_a)
    make_contract(mine)
    body = api_op_a.get(f"/api/v1/customers/{mine.pk}").json()
    assert body["contracts"][0]["product"] == "複合機リース"
    other = make_customer(team_b)
    assert api_op_a.get(f"/api/v1/customers/{other.pk}").status_code == 404
    assert api_op_a.get("/api/v1/customers/999999").status_code == 404


def test_a_customer_is_created_in_one_of_my_teams_only(operator_a, team_a, team_b):
    api = api_for(operator_a)
    made = api.post("/api/v1/customers", {"team_id": team_a.pk, "name": "鈴木 一郎"})
    assert made.status_code == 201, made.content
    assert Customer.objects.get(pk=made.json()["id"]).team == team_a
    refused = api.post("/api/v1/customers", {"team_id": team_b.pk, "name": "x"})
    assert refused.status_code == 422
    bad_mail = api.post("/api/v1/customers", {"team_id": team_a.pk, "name": "x", "email": "no"})
    assert bad_mail.status_code == 422 and bad_mail.json()["details"][0]["field"] == "email"
    reader = api_for(operator_a, scope="read")
    assert reader.post("/api/v1/customers", {"team_id": team_a.pk, "name": "x"}).status_code == 403
    assert Customer.objects.count() == 1
