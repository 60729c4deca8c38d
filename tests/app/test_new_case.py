"""Opening a case: pick a customer or create one inline; never a half-saved case."""

import pytest
from django.urls import reverse

from kamitaiou.cases import actions
from kamitaiou.cases.models import Case, CaseEvent, Customer, Interaction
from tests.conftest import make_contract, make_customer


def form(team, **data):
    payload = {
        "kind": "complaint",
        "title": "納品が遅れている",
        "priority": "3",
        "team": team.pk,
        "channel": "phone",
        "first_message": "まだ届きません。",
    }
    payload.update(data)
    return payload


def counts():
    return (
        Case.objects.count(),
        Customer.objects.count(),
        Interaction.objects.count(),
        CaseEvent.objects.count(),
    )


def test_new_case_page_renders(client, operator_a):
    client.force_login(operator_a)
    assert "新規案件" in client.get(reverse("new_case")).content.decode()


def test_new_case_with_existing_customer(client, operator_a, team_a):
    customer = make_customer(team_a)
    contract = make_contract(customer)
    client.force_login(operator_a)
    response = client.post(
        reverse("new_case"), form(team_a, customer=customer.pk, contract=contract.pk)
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.customer, case.contract, case.assignee) == (customer, contract, operator_a)
    assert case.stage == "received"
    assert case.interactions.get().text == "まだ届きません。"


def test_new_case_with_inline_new_customer(client, operator_a, team_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("new_case"),
        form(
            team_a,
            new_customer_name="新井 一郎",
            new_customer_company="株式会社テスト",
            new_customer_email="arai@example.jp",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.customer.name == "新井 一郎"
    assert case.customer.team == team_a


def test_new_case_from_customer_page_preselects_customer(client, operator_a, team_a):
    customer = make_customer(team_a, name="選択済み顧客")
    client.force_login(operator_a)
    body = client.get(reverse("new_case"), {"customer": customer.pk}).content.decode()
    assert f'value="{customer.pk}" selected' in body


def test_customer_search_finds_by_kana(client, operator_a, team_a):
    make_customer(team_a, name="渡辺 直美", name_kana="ワタナベ ナオミ")
    make_customer(team_a, name="別の人")
    client.force_login(operator_a)
    body = client.get(reverse("new_case"), {"q": "ワタナベ"}).content.decode()
    assert "渡辺 直美" in body and "別の人" not in body


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "顧客を選ぶか、新規顧客のお名前を入力してください"),
        ({"title": ""}, "件名を入力してください"),
        ({"kind": "lawsuit"}, "正しく選択してください"),
        ({"first_message": "あ" * 20_001, "new_customer_name": "x"}, "内容が長すぎます"),
        ({"new_customer_name": "x", "new_customer_email": "not-an-email"}, "有効なメールアドレス"),
    ],
)
def test_bad_new_case_is_a_form_error_and_saves_nothing(client, operator_a, team_a, extra, message):
    client.force_login(operator_a)
    before = counts()
    response = client.post(reverse("new_case"), form(team_a, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_both_existing_and_new_customer_is_refused(client, operator_a, team_a):
    customer = make_customer(team_a)
    client.force_login(operator_a)
    before = counts()
    response = client.post(
        reverse("new_case"), form(team_a, customer=customer.pk, new_customer_name="二重")
    )
    assert "どちらか一方" in response.content.decode()
    assert counts() == before


def test_customer_of_other_team_cannot_be_used(client, operator_a, team_a, team_b):
    foreign = make_customer(team_b, name="他チームの顧客")
    client.force_login(operator_a)
    before = counts()
    response = client.post(reverse("new_case"), form(team_a, customer=foreign.pk))
    assert response.status_code == 400
    assert "その顧客は存在しません" in response.content.decode()
    assert counts() == before


def test_team_i_am_not_in_cannot_be_used(client, operator_a, team_a, team_b):
    client.force_login(operator_a)
    response = client.post(reverse("new_case"), form(team_b, new_customer_name="x"))
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_contract_of_another_customer_is_refused(client, operator_a, team_a):
    mine = make_customer(team_a)
    other_contract = make_contract(make_customer(team_a, name="別顧客"))
    client.force_login(operator_a)
    before = counts()
    response = client.post(
        reverse("new_case"), form(team_a, customer=mine.pk, contract=other_contract.pk)
    )
    assert response.status_code == 400
    assert counts() == before


def test_failure_midway_leaves_no_half_saved_case(operator_a, team_a, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "add_interaction", boom)
    before = counts()
    with pytest.raises(RuntimeError):
        actions.do_create_case(
            operator_a,
            kind="complaint",
            title="途中失敗",
            team=team_a,
            priority=2,
            new_customer=actions.NewCustomer(name="途中失敗", team=team_a),
            first_message="届きません。",
        )
    assert counts() == before


def test_new_case_rejects_put(client, operator_a):
    client.force_login(operator_a)
    assert client.put(reverse("new_case")).status_code == 405
