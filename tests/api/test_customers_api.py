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


def test_the_customer_list_pages_by_cursor_newest_first(operator_a, team_a, team_b):
    api = api_for(operator_a)
    made = [make_customer(team_a, name=f"顧客{i}") for i in range(5)]
    make_customer(team_b, name="他チーム")
    first = api.get("/api/v1/customers", {"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == [made[4].pk, made[3].pk]
    second = api.get("/api/v1/customers", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in second["items"]] == [made[2].pk, made[1].pk]
    last = api.get("/api/v1/customers", {"limit": 2, "cursor": second["next_cursor"]}).json()
    assert [i["id"] for i in last["items"]] == [made[0].pk] and last["next_cursor"] is None
    bad = api.get("/api/v1/customers", {"cursor": "not-a-cursor"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_cursor"


def test_a_customer_is_changed_field_by_field_and_found_by_the_new_name(operator_a, team_a, team_b):
    from kamitaiou.cases import events

    seen = []
    events.subscribe(events.CustomerSaved, seen.append)
    try:
        api = api_for(operator_a)
        customer = make_customer(team_a, name="山田 太郎", phone="03-1111-2222")
        changed = api.patch(f"/api/v1/customers/{customer.pk}", {"name_kana": "ヤマダ タロウ"})
        assert changed.status_code == 200, changed.content
        assert changed.json()["name_kana"] == "ヤマダ タロウ"
        assert changed.json()["phone"] == "03-1111-2222"  # not sent, not changed
        assert seen[-1].changes == {"name_kana": ["", "ヤマダ タロウ"]}
        found = api.get("/api/v1/customers", {"q": "やまだ"}).json()["items"]
        assert [i["id"] for i in found] == [customer.pk]
    finally:
        events.unsubscribe(events.CustomerSaved, seen.append)


def test_a_bad_customer_change_is_a_422_and_changes_nothing(operator_a, team_a):
    api = api_for(operator_a)
    customer = make_customer(team_a, name="山田 太郎")
    for body in ({"email": "no"}, {"name": ""}, {"name": None}, {"team_id": 2}, {"name": 1}):
        response = api.patch(f"/api/v1/customers/{customer.pk}", body)
        assert response.status_code == 422, (body, response.content)
    customer.refresh_from_db()
    assert customer.name == "山田 太郎" and customer.email == ""


def test_another_teams_customer_cannot_be_changed_and_a_read_token_cannot_change_any(
    operator_a, team_a, team_b
):
    other = make_customer(team_b, name="他チーム")
    mine = make_customer(team_a, name="自チーム")
    api = api_for(operator_a)
    assert api.patch(f"/api/v1/customers/{other.pk}", {"name": "x"}).status_code == 404
    reader = api_for(operator_a, scope="read")
    assert reader.patch(f"/api/v1/customers/{mine.pk}", {"name": "x"}).status_code == 403
    assert {c.name for c in Customer.objects.all()} == {"他チーム", "自チーム"}
