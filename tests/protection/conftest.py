"""People of team B beyond its operator, and an incident on team A's case."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_case, make_user

ABUSE = "ふざけるな、お前は馬鹿か。土下座して謝れ！"


@pytest.fixture
def rep_b(team_b: Any) -> Any:
    return make_user("rep_b", "sales_rep", team_b)


@pytest.fixture
def supervisor_b(team_b: Any) -> Any:
    return make_user("sv_b", "supervisor", team_b)


@pytest.fixture
def abusive_case(operator_a: Any) -> Any:
    """Team A's case whose first message the analyzer reads as abuse and dogeza."""
    return make_case(operator_a, first_message=ABUSE, assignee=operator_a)


@pytest.fixture
def draft(abusive_case: Any) -> Any:
    return abusive_case.protection_incidents.get()
