"""``/search/``: grouped results, highlighted hits, order, pages, bad input, query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamitaiou.search.query import MAX_PAGE, PER_PAGE
from tests.conftest import make_case
from tests.search.conftest import add_message


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("search"), params)


def results_of(response):
    body = response.content.decode()
    start = body.index('class="search-results"')
    return body[start : body.index("</ol>", start)]


def test_the_header_has_one_search_box_on_every_page(client, operator_a):
    client.force_login(operator_a)
    for url in [reverse("inbox"), reverse("today"), reverse("search")]:
        body = client.get(url).content.decode()
        assert body.count('role="search" class="header-search"') == 1, url
        assert 'action="/search/"' in body and "検索" in body


def test_a_case_is_shown_with_its_matching_words_highlighted(client, operator_a, fridge_case):
    response = get(client, operator_a, q="冷蔵庫")
    assert response.status_code == 200
    results = results_of(response)
    assert f"/cases/{fridge_case.pk}/" in results
    assert '<mark class="hit">冷蔵庫</mark>が冷えない' in results
    assert '先週買った<mark class="hit">冷蔵庫</mark>' in results


def test_a_half_width_hit_is_highlighted_as_written(client, operator_a, fridge_case):
    results = results_of(get(client, operator_a, q="パソコン"))
    assert '<mark class="hit">ﾊﾟｿｺﾝ</mark>' in results


def test_text_is_escaped_before_it_is_marked(client, operator_a):
    case = make_case(operator_a, title="<script>alert(1)</script> 冷蔵庫", first_message="")
    add_message(operator_a, case, '<img src=x onerror="alert(2)">冷蔵庫<b>')
    response = get(client, operator_a, q="冷蔵庫 <script>")
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert '<mark class="hit">&lt;script&gt;</mark>alert(1)' in body
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in body


def test_customers_are_a_group_of_their_own(client, operator_a, fridge_case):
    page = get(client, operator_a, q="ﾀｶﾊｼ")
    assert 'id="group-customers"' in page.content.decode()
    results = results_of(get(client, operator_a, q="ﾀｶﾊｼ", group="customers"))
    assert f"/customers/{fridge_case.customer_id}/" in results
    assert '<mark class="hit">たかはし</mark>' in results


def test_newest_first_or_by_relevance(client, operator_a):
    title_hit = make_case(operator_a, title="返金のご依頼", first_message="")
    twice = make_case(operator_a, title="ご相談", first_message="返金してほしい")
    once = make_case(operator_a, title="別件", first_message="最後に返金の話")
    add_message(operator_a, twice, "やはり返金で")  # now the newest activity

    def order(**params):
        results = results_of(get(client, operator_a, q="返金", **params))
        return [int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', results)]

    assert order() == [twice.pk, once.pk, title_hit.pk]
    assert order(order="relevance") == [title_hit.pk, twice.pk, once.pk]
    assert order(order="nonsense") == order()


def test_results_are_paged_and_the_pages_are_bounded(client, operator_a, team_a):
    from tests.conftest import make_customer

    customer = make_customer(team_a)
    for n in range(PER_PAGE + 3):
        make_case(operator_a, customer=customer, title=f"納期の件 {n}", first_message="")
    first = get(client, operator_a, q="納期")
    assert results_of(first).count("search-hit") == PER_PAGE
    assert "page=2" in first.content.decode()
    second = get(client, operator_a, q="納期", page="2")
    assert results_of(second).count("search-hit") == 3
    assert get(client, operator_a, q="納期", page=str(MAX_PAGE + 1)).status_code == 400
    assert get(client, operator_a, q="納期", page="x").status_code == 400


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ('""', "検索する語を入力してください"),
        ("「」", "検索する語を入力してください"),
        ("あ" * 1000, "長すぎます"),
        (" ".join("abcdefghij"), "多すぎます"),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, operator_a, q, message):
    response = get(client, operator_a, q=q)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_nul_byte_or_odd_characters_are_searched_without_error(client, operator_a, fridge_case):
    for q in ["冷蔵庫\x00", "\x00", "'; DROP TABLE x; --", "%_", "\\", '"冷蔵庫', "*", "NEAR(a b)"]:
        response = get(client, operator_a, q=q)
        assert response.status_code in (200, 400), q
    assert f"/cases/{fridge_case.pk}/" in results_of(get(client, operator_a, q="冷蔵庫\x00"))


def test_an_empty_search_shows_how_to_search(client, operator_a):
    response = get(client, operator_a)
    assert response.status_code == 200
    assert "search-results" not in response.content.decode()


def test_only_get_is_allowed(client, operator_a):
    client.force_login(operator_a)
    assert client.post(reverse("search"), {"q": "納期"}).status_code == 405


def test_the_number_of_queries_does_not_grow_with_the_results(client, operator_a, team_a):
    from tests.conftest import make_contract, make_customer

    def count_queries(**params):
        client.force_login(operator_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("search"), {"q": "返金", **params})
        assert response.status_code == 200
        return len(queries)

    def add_cases(n):
        for k in range(n):
            customer = make_customer(team_a, name=f"返金 顧客{k}")
            make_contract(customer)
            case = make_case(operator_a, customer=customer, title="返金", first_message="返金を")
            add_message(operator_a, case, "返金はまだですか")

    add_cases(2)
    small = {group: count_queries(group=group) for group in ("cases", "customers")} | {
        "relevance": count_queries(order="relevance")
    }
    add_cases(12)
    large = {group: count_queries(group=group) for group in ("cases", "customers")} | {
        "relevance": count_queries(order="relevance")
    }
    assert small == large
    assert large["cases"] <= 10
