"""Builders for the search tests: cases and customers made through the actions, so the
index is kept in step exactly as in use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from kamitaiou.cases.actions import NewCustomer, do_add_interaction, do_create_customer
from kamitaiou.search.query import matching_cases, matching_customers
from kamitaiou.search.text import parse_query
from tests.conftest import make_case, make_customer


def add_message(actor: Any, case: Any, text: str, *, direction: str = "in", channel: str = "mail"):
    return do_add_interaction(
        actor, case, direction=direction, channel=channel, text=text, occurred_at=timezone.now()
    )


def new_customer(actor: Any, team: Any, name: str, **fields: Any) -> Any:
    return do_create_customer(actor, data=NewCustomer(name=name, team=team, **fields))


def cases_with_words(
    actor: Any,
    team: Any,
    *,
    regular: Any,
    every: int,
    count: int,
    messages: Callable[[int], list[str]],
) -> list[Any]:
    """``count`` cases of ``team`` titled 件名0…: every ``every``-th for the customer
    ``regular``, the others each for a customer of their own (顧客n); ``messages(n)`` are
    the n-th case's messages."""
    made = []
    for n in range(count):
        customer = regular if n % every == 0 else make_customer(team, name=f"顧客{n}")
        case = make_case(actor, customer=customer, title=f"件名{n}", first_message="")
        for text in messages(n):
            add_message(actor, case, text)
        made.append(case)
    return made


def found_cases(who: Any, q: str) -> set[int]:
    return set(matching_cases(who, parse_query(q)).values_list("pk", flat=True))


def found_customers(who: Any, q: str) -> set[int]:
    return set(matching_customers(who, parse_query(q)).values_list("pk", flat=True))


@pytest.fixture
def fridge_case(operator_a: Any, team_a: Any) -> Any:
    customer = new_customer(
        operator_a,
        team_a,
        "髙橋 一郎",
        name_kana="たかはし いちろう",
        company="株式会社みどり食品",
        email="Takahashi@Example.jp",
        phone="03-1234-5678",
    )
    case = make_case(
        operator_a,
        customer=customer,
        title="冷蔵庫が冷えない",
        first_message="先週買った冷蔵庫が冷えません。納期も守られず、返金を求めます。",
    )
    add_message(operator_a, case, "損害賠償を請求します。ﾊﾟｿｺﾝのﾃﾞｰﾀも消えました。ＡＢＣ１２３")
    add_message(operator_a, case, "訴訟も考えています。お金の問題ではない。")
    return case
