"""The inbox's words through the index (``search/narrow.py``): whichever way a word is
checked — by its few documents, by all its documents, or case by case when it is
everywhere — the inbox finds what the search page's exact query finds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.search import narrow
from kamitaiou.search import query as exact
from kamitaiou.search.text import parse_query
from tests.conftest import make_case
from tests.search.conftest import cases_with_words, new_customer

#: (SELECTIVE, BROAD): few documents; more but not most; everywhere (case by case)
PATHS = {"few": (2000, 50_000), "many": (0, 10**9), "everywhere": (0, -1)}


@pytest.fixture(params=sorted(PATHS))
def path(request, monkeypatch):
    selective, broad = PATHS[request.param]
    monkeypatch.setattr(narrow, "SELECTIVE", selective)
    monkeypatch.setattr(narrow, "BROAD", broad)
    return request.param


def _said(n: int) -> list[str]:
    deadline = [f"納期の件です {n}"] if n % 2 else []
    return deadline + (["冷蔵庫が冷えません。ありがとう"] if n % 3 == 0 else [])


@pytest.fixture
def cases(operator_a, operator_b, team_a, team_b):
    yamada = new_customer(operator_a, team_a, "山田 花子")
    made = cases_with_words(operator_a, team_a, regular=yamada, every=4, count=8, messages=_said)
    other = make_case(operator_b, team=team_b, title="納期 冷蔵庫", first_message="山田 納期")
    return made, other


def narrowed(who, q):
    from kamitaiou.cases.access import visible_cases

    return set(narrow.filter_cases(visible_cases(who), q).values_list("pk", flat=True))


def exactly(who, q):
    return set(exact.matching_cases(who, parse_query(q)).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "q", ["納期", "冷蔵庫", "山田", "山田 納期", "納期 冷蔵庫", "件名3", '"冷えません"', "無い言葉"]
)
def test_every_way_of_checking_a_word_finds_what_the_exact_query_finds(path, cases, operator_a, q):
    _made, other = cases
    found = narrowed(operator_a, q)
    assert found == exactly(operator_a, q)
    assert other.pk not in found


def test_a_word_everywhere_is_found_as_typed_in_hiragana(monkeypatch, cases, operator_a):
    """Case by case on SQLite reads the stored text: the word as typed (ありがとう) still
    finds it, though the index folds it to katakana."""
    monkeypatch.setattr(narrow, "SELECTIVE", 0)
    monkeypatch.setattr(narrow, "BROAD", -1)
    made, _other = cases
    assert narrowed(operator_a, "ありがとう") == {made[0].pk, made[3].pk, made[6].pk}


def test_nothing_to_search_leaves_the_cases_as_they_are(cases, operator_a):
    from kamitaiou.cases.access import visible_cases

    everything = set(visible_cases(operator_a).values_list("pk", flat=True))
    assert narrowed(operator_a, "") == everything
    assert narrowed(operator_a, '""') == everything


def test_the_inbox_finds_the_words_through_the_index(path, client, cases, operator_a):
    made, _other = cases
    client.force_login(operator_a)
    page = client.get(reverse("inbox"), {"tab": "team", "q": "山田 冷蔵庫"}).content.decode()
    titles = {case.title for case in made if case.pk in exactly(operator_a, "山田 冷蔵庫")}
    assert titles and all(title in page for title in titles)
    assert "件名2" not in page


def test_a_words_count_is_estimated_from_how_densely_its_first_matches_lie():
    # the first 2,000 matches start late but lie side by side: nearly every later
    # document holds the word too
    assert narrow.estimated(set(range(100_001, 102_001)), 1_100_000) > 900_000
    # one document in fifty
    assert 15_000 < narrow.estimated(set(range(1, 100_001, 50)), 1_000_000) < 25_000
    assert narrow.estimated({7}, 10) == 4
