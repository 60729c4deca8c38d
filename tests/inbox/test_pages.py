"""Keyset pages and a bounded page cost (issue #14 item 8): the pager writes ``?after=`` /
``?before=`` cursors, walking them visits every case once in the inbox order, a forged
cursor is harmless, and the page's query count does not grow with its rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamitaiou.cases.models import Case
from kamitaiou.inbox import pages
from tests.conftest import make_case, make_customer

CURSOR = re.compile(r'href="\?([^"]*(?:after|before)=[0-9-]+)"[^>]*>([^<]+)</a>')


def links(body: str) -> dict[str, str]:
    """The pager's links by their text (次へ / 前へ)."""
    return {text: href.replace("&amp;", "&") for href, text in CURSOR.findall(body)}


def listed_ids(body: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<td class="c-id">(\d+)</td>', body)]


@pytest.fixture
def many(operator_a, team_a, settings):
    settings.KAMITAIOU_PAGE_SIZE = 3
    customer = make_customer(team_a)
    cases = [
        make_case(operator_a, customer=customer, title=f"案件{n}", priority=1 + n % 4)
        for n in range(10)
    ]
    # ties on urgency and the due date: the id decides, the order stays total
    return cases


def test_walking_next_links_lists_every_case_once_in_the_inbox_order(client, operator_a, many):
    client.force_login(operator_a)
    expected = list(
        Case.objects.filter(team=operator_a.teams.first(), closed_at__isnull=True)
        .order_by("-urgency", "inbox_due", "opened_at", "pk")
        .values_list("pk", flat=True)
    )
    seen: list[int] = []
    url = reverse("inbox") + "?tab=team"
    for _ in range(10):
        body = client.get(url).content.decode()
        seen += listed_ids(body)
        following = links(body).get("次へ")
        if not following:
            break
        url = reverse("inbox") + "?" + following
    assert seen == expected


def test_previous_link_goes_back_to_the_same_rows(client, operator_a, many):
    client.force_login(operator_a)
    first = client.get(reverse("inbox"), {"tab": "team"}).content.decode()
    second = client.get(reverse("inbox") + "?" + links(first)["次へ"]).content.decode()
    back = client.get(reverse("inbox") + "?" + links(second)["前へ"]).content.decode()
    assert listed_ids(back) == listed_ids(first)
    assert not set(listed_ids(second)) & set(listed_ids(first))


def test_the_cursor_keeps_the_filters(client, operator_a, many):
    client.force_login(operator_a)
    body = client.get(reverse("inbox"), {"tab": "team", "q": "案件"}).content.decode()
    assert links(body)["次へ"].startswith("tab=team&q=")


@pytest.mark.parametrize(
    "cursor",
    [
        "zzz",
        "1-2-3",
        "1-2-3-4-5",
        "-1-2-3-4",
        "999999-1-1-1",
        "1-99999999999999999999999-1-1",
        "1-1-1-0",
        "１-1-1-1",
        "9" * 5000,
        "1-1-1-1\x00",
    ],
)
def test_a_forged_cursor_shows_the_first_page_with_a_notice(client, operator_a, many, cursor):
    client.force_login(operator_a)
    for direction in ("after", "before"):
        response = client.get(reverse("inbox"), {"tab": "team", direction: cursor})
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="filter-notices"' in body
        assert len(listed_ids(body)) == 3


def test_a_well_formed_cursor_never_reaches_another_teams_case(client, operator_a, case_b):
    client.force_login(operator_a)
    cursor = f"0-0-0-{case_b.pk}"
    body = client.get(reverse("inbox"), {"tab": "team", "after": cursor}).content.decode()
    assert case_b.title not in body


def test_the_cursor_round_trips_a_cases_sort_key(operator_a):
    case = make_case(operator_a)
    case.refresh_from_db()
    key = pages.decode(pages.encode(case))
    assert key == (case.inbox_rank, case.inbox_due, case.opened_at, case.pk)


def test_old_page_numbers_still_work(client, operator_a, many):
    client.force_login(operator_a)
    body = client.get(reverse("inbox"), {"tab": "team", "page": "2"}).content.decode()
    assert len(listed_ids(body)) == 3 and "前へ" in body


def test_the_count_stops_at_999(operator_a, team_a, monkeypatch):
    monkeypatch.setattr(pages, "COUNT_CAP", 2)
    customer = make_customer(team_a)
    for n in range(4):
        make_case(operator_a, customer=customer, title=f"件{n}")
    assert pages.capped_count(Case.objects.all()) == (2, True)
    assert pages.capped_count(Case.objects.filter(title="件0")) == (1, False)


def test_the_keyset_query_is_one_row_value_comparison(client, operator_a, many):
    client.force_login(operator_a)
    body = client.get(reverse("inbox"), {"tab": "team"}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("inbox") + "?" + links(body)["次へ"])
    rows = [q["sql"] for q in queries if "LIMIT 4" in q["sql"]]
    assert len(rows) == 1
    assert re.search(r'\("cases_case"\."inbox_rank", .*\) > \(', rows[0])
    assert "OFFSET" not in rows[0]


def _inbox_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("inbox"), params)
    assert response.status_code == 200
    return len(captured)


FILTERED = {
    "tab": "team",
    "q": "件",
    "anger": "1",
    "due": "7d",
    "sla": "breached",
    "label": "legal_threat",
    "channel": "phone",
    "assignee": "me",
    "opened_from": "2020-01-01",
}


@pytest.mark.parametrize("params", [{"tab": "team"}, FILTERED], ids=["plain", "filtered"])
def test_the_inbox_query_count_does_not_grow_with_rows(
    client, operator_a, rep_a, team_a, settings, params
):
    from kamitaiou.inbox.actions import do_save_view

    settings.KAMITAIOU_PAGE_SIZE = 50
    do_save_view(operator_a, name="怒り", query="tab=team&anger=2")
    client.force_login(operator_a)
    customer = make_customer(team_a)
    make_case(operator_a, customer=customer, title="件", assignee=operator_a)
    few = _inbox_queries(client, params)
    for n in range(60):
        make_case(
            operator_a,
            customer=make_customer(team_a, name=f"顧客{n}"),
            title=f"件{n}",
            assignee=operator_a if n % 2 else rep_a,
        )
    assert _inbox_queries(client, {"tab": "team"}) == _inbox_queries(client, {"tab": "team"})
    assert _inbox_queries(client, params) == few
    assert few <= 10
