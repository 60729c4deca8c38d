"""The bounded page (decision 0016, "Bounded pages"): the walk finds what the exact query
finds, in the same order, stops early with an estimated count, and falls back to the exact
query when its budget runs out."""

from __future__ import annotations

import pytest

from kamitaiou.search import backends, pages
from kamitaiou.search import query as exact
from kamitaiou.search.models import SearchDocument, Source
from kamitaiou.search.text import parse_query
from tests.conftest import make_case, make_customer
from tests.search.conftest import cases_with_words, new_customer


@pytest.fixture
def walk_everything(monkeypatch):
    """No term counts as selective and the chunks are tiny: every page is walked."""
    monkeypatch.setattr(pages, "SELECTIVE", -1)
    monkeypatch.setattr(pages, "FIRST_CHUNK", 2)
    monkeypatch.setattr(pages, "MAX_CHUNK", 4)


def _said(n: int) -> list[str]:
    return [f"納期の件 {n}。返金も"] if n % 2 else ["納期だけ"] if n % 3 == 1 else []


@pytest.fixture
def mixed_cases(operator_a, team_a, team_b, operator_b):
    """Cases of two teams; the words are in titles, messages and customers."""
    tanaka = new_customer(operator_a, team_a, "田中 返金")
    made = cases_with_words(operator_a, team_a, regular=tanaka, every=3, count=9, messages=_said)
    other = make_case(operator_b, team=team_b, title="返金 納期", first_message="返金 納期")
    return made, other


def exact_newest(who, q):
    query = parse_query(q)
    ordered = exact.ordered_cases(exact.matching_cases(who, query), query, order="newest")
    return list(ordered.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "q", ["返金", "納期", "納期 返金", "田中 納期", "件名", "件名5", "無い言葉"]
)
def test_the_walk_finds_the_cases_the_exact_query_finds_in_the_same_order(
    walk_everything, mixed_cases, operator_a, q
):
    query = parse_query(q)
    found = pages.find_cases(operator_a, query, need=100, selective=pages.selective_terms(query))
    assert [hit.pk for hit in found.hits] == exact_newest(operator_a, q)
    assert found.exact and found.count == len(found.hits)
    assert mixed_cases[1].pk not in [hit.pk for hit in found.hits]


def test_the_walk_and_the_selective_lookup_agree(mixed_cases, operator_a):
    query = parse_query("納期 返金")
    found = pages.find_cases(operator_a, query, need=100, selective=pages.selective_terms(query))
    assert [hit.pk for hit in found.hits] == exact_newest(operator_a, "納期 返金")


def test_a_walk_that_stops_early_estimates_the_count(walk_everything, mixed_cases, operator_a):
    query = parse_query("件名")
    found = pages.find_cases(operator_a, query, need=3, selective=pages.selective_terms(query))
    assert not found.exact
    assert len(found.hits) >= 3
    assert found.count == 9  # every walked case matched: 9 of the 9 visible


def test_a_walk_over_its_budget_falls_back_to_the_exact_query(
    walk_everything, monkeypatch, mixed_cases, operator_a
):
    monkeypatch.setattr(pages, "WALK_BUDGET", 2)
    query = parse_query("田中 納期")
    found = pages.find_cases(operator_a, query, need=100, selective=pages.selective_terms(query))
    assert found.fallback
    assert [hit.pk for hit in found.hits] == exact_newest(operator_a, "田中 納期")


def test_customers_are_walked_like_cases(walk_everything, mixed_cases, operator_a):
    query = parse_query("田中")
    found = pages.find_customers(
        operator_a, query, need=100, selective=pages.selective_terms(query)
    )
    assert [hit.pk for hit in found.hits] == list(
        exact.matching_customers(operator_a, query).order_by("-pk").values_list("pk", flat=True)
    )


def test_relevance_ranks_title_hits_then_more_messages_then_newest():
    hits = [
        pages.Hit(1, messages=[(1, 1)]),
        pages.Hit(2, title=True),
        pages.Hit(3, messages=[(1, 2), (2, 3)]),
        pages.Hit(4, messages=[(1, 4)]),
    ]
    assert [hit.pk for hit in pages.rank(hits)] == [2, 3, 1, 4]


def test_a_customers_document_has_the_customers_id_negated(operator_a, team_a):
    customer = new_customer(operator_a, team_a, "西村 健二")
    doc = SearchDocument.objects.get(source=Source.CUSTOMER, customer_id=customer.pk)
    assert doc.pk == -customer.pk
    assert SearchDocument.objects.exclude(source=Source.CUSTOMER).filter(pk__lt=0).count() == 0


def test_the_page_says_when_the_count_is_estimated(client, walk_everything, operator_a, team_a):
    customer = make_customer(team_a)
    for n in range(30):
        make_case(operator_a, customer=customer, title=f"納期の件 {n}", first_message="")
    client.force_login(operator_a)
    body = client.get("/search/", {"q": "納期"}).content.decode()
    assert "(約 30)" in body  # the walk stopped after the first page and one more
    small = client.get("/search/", {"q": "納期の件 29"}).content.decode()
    assert "(1)" in small  # walked to the end: exact


def test_every_term_looked_up_at_once_finds_what_each_term_finds_alone(mixed_cases):
    ids = list(SearchDocument.objects.values_list("pk", flat=True))
    terms = ["納期", "返金", "田中", "件名5", "無い言葉", "金"]
    together = backends.hits_among_terms(terms, ids)
    assert together == {term: backends.hits_among(term, ids) for term in terms}
    assert together["納期"] and together["返金"] and not together["無い言葉"]


@pytest.mark.parametrize("selective", [True, False])
@pytest.mark.parametrize(
    "q", ["返金", "納期 返金", "田中 納期", "件名5", "件名 納期 返金", "無い言葉"]
)
def test_after_a_short_first_walk_the_probed_walk_finds_what_the_exact_query_finds(
    monkeypatch, mixed_cases, operator_a, q, selective
):
    monkeypatch.setattr(pages, "PREWALK", 2)
    monkeypatch.setattr(pages, "FIRST_CHUNK", 2)
    monkeypatch.setattr(pages, "MAX_CHUNK", 4)
    if not selective:
        monkeypatch.setattr(pages, "SELECTIVE", -1)
    query = parse_query(q)
    found = pages.find_cases(operator_a, query, need=100, selective=pages.selective_terms(query))
    assert [hit.pk for hit in found.hits] == exact_newest(operator_a, q)
    assert found.exact and not found.fallback


def test_terms_are_probed_only_when_the_first_walk_does_not_fill_the_page(
    monkeypatch, mixed_cases, operator_a
):
    probed = []
    real = backends.ids_upto_terms
    monkeypatch.setattr(
        backends, "ids_upto_terms", lambda *args: probed.append(args[2]) or real(*args)
    )
    monkeypatch.setattr(pages, "PREWALK", 192)
    query = parse_query("納期")
    found = pages.find_cases(operator_a, query, need=2, selective=pages.selective_terms(query))
    assert len(found.hits) >= 2 and probed == []
    monkeypatch.setattr(pages, "PREWALK", 2)
    monkeypatch.setattr(pages, "FIRST_CHUNK", 2)
    pages.find_cases(operator_a, query, need=100, selective=pages.selective_terms(query))
    assert sorted(probed) == ["cases", "customers"]
