"""The new-case form's customer search keeps what was typed, and namesakes can be told apart."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from kamitaiou.cases.models import Case, Customer
from kamitaiou.cases.search import fold
from tests.conftest import make_case, make_customer


@pytest.fixture
def namesakes(team_a, operator_a):
    first = make_customer(
        team_a, name="山田 太郎", name_kana="ヤマダ タロウ", company="北斗精機株式会社"
    )
    second = make_customer(
        team_a, name="山田 太郎", name_kana="ヤマダ タロウ", phone="06-1111-2222"
    )
    make_case(operator_a, customer=first, title="トナーが届かない")
    return first, second


def picker(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("customer_picker"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["ﾔﾏﾀﾞ", "やまだ", "ヤマダ", "ﾔﾏﾀﾞ ﾀﾛｳ", "やまだ たろう"])
def test_half_width_and_hiragana_queries_match_the_stored_katakana_reading(
    client, operator_a, namesakes, team_a, query
):
    make_customer(team_a, name="佐藤 花子", name_kana="サトウ ハナコ")
    body = picker(client, operator_a, q=query)
    assert body.count("山田 太郎") == 2
    assert "佐藤 花子" not in body


def test_a_reading_stored_in_half_width_or_hiragana_is_found_by_katakana(
    client, operator_a, team_a
):
    make_customer(team_a, name="伊藤 一郎", name_kana="ｲﾄｳ")
    make_customer(team_a, name="加藤 二郎", name_kana="かとう")
    assert "伊藤 一郎" in picker(client, operator_a, q="イトウ")
    assert "加藤 二郎" in picker(client, operator_a, q="カトウ")


def test_namesakes_show_company_phone_and_last_case(client, operator_a, namesakes):
    body = picker(client, operator_a, q="山田")
    options = [line for line in body.split("<option") if "山田 太郎" in line]
    assert len(options) == 2
    assert options[0] != options[1]
    joined = "".join(options)
    assert "北斗精機株式会社" in joined
    assert "06-1111-2222" in joined
    assert "トナーが届かない" in joined  # the last case of the first one
    assert "まだ案件はありません" in joined  # the second has none


def test_picker_shows_email_when_there_is_no_phone(client, operator_a, team_a):
    make_customer(team_a, name="森 亮", email="mori@example.jp")
    assert "mori@example.jp" in picker(client, operator_a, q="森")


def test_picker_never_shows_another_teams_customer(client, operator_a, team_b):
    make_customer(team_b, name="大阪 花子")
    assert "大阪 花子" not in picker(client, operator_a, q="大阪")


def test_picker_keeps_the_selected_customer_even_when_it_does_not_match(
    client, operator_a, namesakes
):
    first, _second = namesakes
    body = picker(client, operator_a, q="存在しない", customer=str(first.pk))
    assert f'value="{first.pk}" selected' in body


def test_picker_query_count_is_bounded(client, operator_a, team_a, django_assert_max_num_queries):
    client.force_login(operator_a)
    make_customer(team_a, name="山田 一")
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("customer_picker"), {"q": "山田"})
    for n in range(20):
        customer = make_customer(team_a, name=f"山田 {n}")
        make_case(operator_a, customer=customer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("customer_picker"), {"q": "山田"})


def test_searching_without_javascript_keeps_everything_typed(client, operator_a, team_a):
    """The 「検索」 button posts the form back: it is shown again as typed, nothing saved."""
    make_customer(team_a, name="山田 太郎", name_kana="ヤマダ")
    client.force_login(operator_a)
    response = client.post(
        reverse("new_case"),
        {
            "kind": "unreasonable_demand",
            "title": "今週中に納品してほしい",
            "priority": "3",
            "team": team_a.pk,
            "channel": "mail",
            "first_message": "なんとか今週中に持ってきて!",
            "q": "やまだ",
            "find_customer": "1",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert Case.objects.count() == 0
    assert 'value="今週中に納品してほしい"' in body
    assert "なんとか今週中に持ってきて!" in body
    assert '<option value="unreasonable_demand" selected>' in body
    assert "山田 太郎" in body
    assert 'class="error"' not in body


def test_new_customers_are_saved_with_their_folded_reading(client, operator_a, team_a):
    client.force_login(operator_a)
    client.post(
        reverse("new_case"),
        {
            "kind": "complaint",
            "title": "件名",
            "priority": "2",
            "team": team_a.pk,
            "channel": "phone",
            "new_customer_name": "新井 様",
            "new_customer_kana": "ｱﾗｲ",
        },
    )
    customer = Customer.objects.get(name="新井 様")
    assert fold("アライ") in customer.search_key


def test_the_data_migration_fills_the_search_key_of_existing_customers(db, team_a):
    customer = make_customer(team_a, name="田中", name_kana="たなか")
    Customer.objects.filter(pk=customer.pk).update(search_key="")
    migration = importlib.import_module("kamitaiou.cases.migrations.0007_customer_search_key")
    migration.fill_search_keys(django_apps, None)
    assert "タナカ" in Customer.objects.get(pk=customer.pk).search_key
