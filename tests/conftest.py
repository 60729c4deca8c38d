"""Named people with clear roles, and plain builders (no factory framework).

Team A: an operator, a sales rep and a supervisor. Team B: an operator.
An admin belongs to no team and sees everything.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest_plugins = ["tests.browser_support"]


@pytest.fixture(autouse=True)
def fast_password_hasher(request: Any) -> None:
    # The pure-core suites also run without pytest-django (`-p no:django`).
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # Most tests sign people in with force_login, which gives no second factor; the
        # two-factor requirement is tested on its own (tests/app/test_logins.py).
        if "two_factor_required" not in request.keywords:
            settings.KAMITAIOU_2FA_ROLES = []


@pytest.fixture
def team_a(db: Any) -> Any:
    from kamitaiou.accounts.models import Team

    return Team.objects.create(name="東京チーム")


@pytest.fixture
def team_b(db: Any) -> Any:
    from kamitaiou.accounts.models import Team

    return Team.objects.create(name="大阪チーム")


def make_user(username: str, role: str, *teams: Any) -> Any:
    from kamitaiou.accounts.models import User

    user = User.objects.create_user(
        username=username, password="pw-" + username, role=role, display_name=username
    )
    user.teams.add(*teams)
    return user


@pytest.fixture
def operator_a(team_a: Any) -> Any:
    return make_user("op_a", "operator", team_a)


@pytest.fixture
def rep_a(team_a: Any) -> Any:
    return make_user("rep_a", "sales_rep", team_a)


@pytest.fixture
def supervisor_a(team_a: Any) -> Any:
    return make_user("sv_a", "supervisor", team_a)


@pytest.fixture
def operator_b(team_b: Any) -> Any:
    return make_user("op_b", "operator", team_b)


@pytest.fixture
def admin_user(db: Any) -> Any:
    return make_user("admin", "admin")


def make_customer(team: Any, name: str = "山田 太郎", **fields: Any) -> Any:
    from kamitaiou.cases.models import Customer

    return Customer.objects.create(name=name, team=team, **fields)


def make_contract(customer: Any, product: str = "複合機リース", **fields: Any) -> Any:
    import datetime

    from kamitaiou.cases.models import Contract

    fields.setdefault("start_date", datetime.date(2026, 4, 1))
    fields.setdefault("terms", "第3条（責任の範囲）損害は当該月の利用料金を上限とする。")
    return Contract.objects.create(customer=customer, product=product, **fields)


def make_case(
    actor: Any,
    *,
    team: Any = None,
    customer: Any = None,
    kind: str = "complaint",
    title: str = "複合機が動かない",
    first_message: str = "",
    **fields: Any,
) -> Any:
    from kamitaiou.cases.actions import do_create_case

    team = team or actor.teams.first()
    customer = customer or make_customer(team)
    fields.setdefault("priority", 2)
    return do_create_case(
        actor,
        kind=kind,
        title=title,
        team=team,
        customer=customer,
        first_message=first_message,
        **fields,
    )


@pytest.fixture
def case_a(operator_a: Any) -> Any:
    return make_case(
        operator_a,
        first_message="先週修理に来てもらったのに、また紙詰まりです。",
        assignee=operator_a,
    )


@pytest.fixture
def case_b(operator_b: Any) -> Any:
    return make_case(operator_b, title="大阪の案件", first_message="請求額が違います。")


def post_reply(client: Any, case: Any, text: str, **fields: Any) -> Any:
    """Post a reply by phone through the case page's form (``coach_shown`` etc. in fields)."""
    from django.urls import reverse

    data = {"direction": "out", "channel": "phone", "occurred_at": "", "text": text, **fields}
    return client.post(reverse("add_interaction", args=[case.pk]), data)
