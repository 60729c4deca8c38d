"""The inbox's ?q= and the other query parameters: nothing silently ignored, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction
from kamitaiou.cases.search import fold, terms
from tests.conftest import make_case, make_customer


def inbox(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("inbox"), {"tab": "team", **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cases(operator_a, team_a):
    yamada = make_customer(
        team_a,
        name="山田 太郎",
        name_kana="ヤマダ タロウ",
        company="株式会社みどり食品",
        email="yamada@example.jp",
        phone="03-1234-5678",
    )
    sato = make_customer(team_a, name="佐藤 花子", name_kana="サトウ ハナコ")
    paper = make_case(operator_a, customer=yamada, title="複合機の紙詰まり")
    invoice = make_case(operator_a, customer=sato, title="請求書の金額違い")
    do_add_interaction(
        operator_a,
        invoice,
        direction="in",
        channel="mail",
        text="先月のトナー代が二重に請求されています。",
        occurred_at=timezone.now(),
    )
    return {"paper": paper, "invoice": invoice}


def test_folding_treats_half_width_hiragana_and_katakana_alike():
    assert fold("ﾔﾏﾀﾞ") == fold("やまだ") == fold("ヤマダ") == "ヤマダ"
    assert fold("ＡＢＣ") == "abc"
    assert terms("紙詰まり　山田  x") == ["紙詰まり", "山田", "x"]


@pytest.mark.parametrize(
    "query",
    [
        "紙詰まり",
        "山田",
        "ヤマダ",
        "やまだ",
        "ﾔﾏﾀﾞ",
        "みどり食品",
        "YAMADA@example",
        "03-1234",
        "0312345678",
    ],
)
def test_search_finds_a_case_by_title_or_customer(client, operator_a, cases, query):
    body = inbox(client, operator_a, q=query)
    assert "複合機の紙詰まり" in body
    assert "請求書の金額違い" not in body


def test_search_finds_a_case_by_the_text_of_a_message(client, operator_a, cases):
    body = inbox(client, operator_a, q="トナー代")
    assert "請求書の金額違い" in body
    assert "複合機の紙詰まり" not in body


def test_several_words_must_all_match(client, operator_a, cases):
    assert "複合機の紙詰まり" in inbox(client, operator_a, q="山田 紙詰まり")
    body = inbox(client, operator_a, q="山田 トナー代")
    assert "複合機の紙詰まり" not in body and "請求書の金額違い" not in body


def test_search_combines_with_the_other_filters(client, operator_a, cases):
    body = inbox(client, operator_a, q="紙詰まり", kind="special_request")
    assert "複合機の紙詰まり" not in body
    assert "複合機の紙詰まり" in inbox(client, operator_a, q="紙詰まり", kind="complaint")


def test_a_case_with_many_matching_messages_is_listed_once(client, operator_a, cases):
    for n in range(3):
        do_add_interaction(
            operator_a,
            cases["invoice"],
            direction="in",
            channel="mail",
            text=f"トナー代の件 {n}",
            occurred_at=timezone.now(),
        )
    body = inbox(client, operator_a, q="トナー代")
    assert body.count("請求書の金額違い</a>") == 1
    assert "1 件" in body or "1 case" in body


def test_search_is_shown_as_a_chip_that_removes_it(client, operator_a, cases):
    body = inbox(client, operator_a, q="紙詰まり", kind="complaint")
    assert 'class="chip"' in body and "紙詰まり" in body
    assert 'href="?tab=team&amp;kind=complaint"' in body  # the chip's × keeps the rest


def test_search_field_is_in_the_filter_bar_and_keeps_the_query(client, operator_a, cases):
    body = inbox(client, operator_a, q="紙詰まり")
    assert 'type="search" name="q" value="紙詰まり"' in body


def test_pager_links_keep_the_search(client, operator_a, team_a, settings):
    settings.KAMITAIOU_PAGE_SIZE = 2
    customer = make_customer(team_a)
    for n in range(3):
        make_case(operator_a, customer=customer, title=f"納期の件 {n}")
    body = inbox(client, operator_a, q="納期")
    assert "q=%E7%B4%8D%E6%9C%9F&amp;after=" in body


def test_search_cannot_reach_another_teams_case(client, operator_a, case_b):
    assert "大阪の案件" not in inbox(client, operator_a, q="大阪")


def test_inbox_query_count_is_bounded_with_a_search(
    client, operator_a, team_a, django_assert_max_num_queries
):
    client.force_login(operator_a)
    customer = make_customer(team_a, name="山田 一郎", name_kana="ヤマダ")
    make_case(operator_a, customer=customer, title="納期")
    # the page's 8, plus one that asks the index how often each word occurs (narrow.py)
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("inbox"), {"tab": "team", "q": "やまだ 納期"})
    for n in range(30):
        case = make_case(operator_a, customer=customer, title=f"納期 {n}")
        do_add_interaction(
            operator_a,
            case,
            direction="in",
            channel="mail",
            text="納期は?",
            occurred_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("inbox"), {"tab": "team", "q": "やまだ 納期"})


def test_search_asks_the_index_not_a_join_on_messages(operator_a, rf):
    """The words are looked up in the search index (so a case with many matching messages
    is still one row), never ``LIKE`` over every message."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kamitaiou.inbox.filters import parse_filters
    from kamitaiou.inbox.query import inbox_queryset

    make_case(operator_a, title="納期の件")
    request = rf.get("/", {"tab": "team", "q": "納期"})
    request.user = operator_a
    with CaptureQueriesContext(connection) as queries:
        found = list(inbox_queryset(request, parse_filters(request.GET)))
    assert [case.title for case in found] == ["納期の件"]
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert ("SEARCH_FTS" if connection.vendor == "sqlite" else "TSV @@") in sql
    assert 'JOIN "CASES_INTERACTION"' not in sql
    assert "LIKE" not in sql


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"tab": "x"}, "tab"),
        ({"kind": "<b>"}, "kind"),
        ({"stage": "nope"}, "stage"),
        ({"status": "?"}, "status"),
        ({"page": "zzz"}, "page"),
        ({"page": "-1"}, "page"),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_visible_notice(
    client, operator_a, case_a, params, name
):
    client.force_login(operator_a)
    response = client.get(reverse("inbox"), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="filter-notices"' in body and name in body
    assert case_a.title in body  # the default was used
    assert "<b>" not in body.split('id="filter-notices"')[1].split("</ul>")[0]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "99999"},
        {"page": "9" * 40},
        {"q": "x" * 5000},
        {"q": "a " * 200},
        {"q": "%_\\'\""},
        {"q": "\x00"},
        {"unknown": "1"},
    ],
)
def test_strange_parameters_never_fail(client, operator_a, case_a, params):
    client.force_login(operator_a)
    assert client.get(reverse("inbox"), params).status_code == 200


def test_a_long_search_is_shortened_and_says_so(client, operator_a, case_a):
    body = inbox(client, operator_a, q="a " * 50)
    assert 'id="filter-notices"' in body


def test_a_supervisor_starts_on_the_teams_cases_and_can_still_open_her_own(
    client, operator_a, supervisor_a
):
    make_case(operator_a, assignee=operator_a, title="チームの案件")
    client.force_login(supervisor_a)
    body = client.get(reverse("inbox")).content.decode()
    assert "チームの案件" in body
    mine = client.get(reverse("inbox"), {"tab": "mine"}).content.decode()
    assert "チームの案件" not in mine
    assert 'href="?tab=mine"' in body


def test_an_operator_still_starts_on_her_own_cases(client, operator_a, rep_a):
    make_case(operator_a, assignee=rep_a, title="同僚の案件")
    client.force_login(operator_a)
    assert "同僚の案件" not in client.get(reverse("inbox")).content.decode()
