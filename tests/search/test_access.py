"""Nobody finds what they may not open (the same rules as the inbox, cases/access.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.search.text import fold
from tests.conftest import make_case, make_user
from tests.search.conftest import add_message, found_cases, found_customers, new_customer

SECRET_TITLE = "大阪の冷蔵庫の件"
SECRET_MESSAGES = ["納期を守らないなら訴訟です", "返金と損害賠償を求める"]
SECRET_CUSTOMER = {
    "name": "西村 健二",
    "name_kana": "ニシムラ ケンジ",
    "company": "浪速精機株式会社",
    "email": "nishimura@naniwa.example.jp",
    "phone": "06-5555-1212",
}


@pytest.fixture
def other_teams_case(operator_b, team_b):
    customer = new_customer(operator_b, team_b, **SECRET_CUSTOMER)
    case = make_case(operator_b, customer=customer, title=SECRET_TITLE, first_message="")
    for text in SECRET_MESSAGES:
        add_message(operator_b, case, text)
    return case


def every_term():
    """Every word, every two characters and every character of the team-B case."""
    texts = [SECRET_TITLE, *SECRET_MESSAGES, *SECRET_CUSTOMER.values()]
    terms = set()
    for text in texts:
        terms.update(text.split())
        folded = fold(text).replace(" ", "")
        terms.update(folded)
        terms.update(folded[k : k + 2] for k in range(len(folded) - 1))
    terms.add("0655551212")
    return sorted(term for term in terms if term.strip() and term != '"')


@pytest.fixture
def people(operator_a, rep_a, supervisor_a, admin_user, team_a):
    # A supervisor of team A only; team B's own people and the admin may see the case.
    return {"operator": operator_a, "sales_rep": rep_a, "supervisor": supervisor_a}


def test_no_term_of_another_teams_case_finds_it_for_operator_rep_or_supervisor(
    other_teams_case, people, team_a
):
    # Team A has its own case with the same words, so the searches do find something.
    own = make_case(people["operator"], title=SECRET_TITLE, first_message=SECRET_MESSAGES[0])
    terms = every_term()
    assert len(terms) > 100
    for role, person in people.items():
        for term in terms:
            found = found_cases(person, term)
            assert other_teams_case.pk not in found, (role, term)
            assert other_teams_case.customer_id not in found_customers(person, term), (role, term)
        assert found_cases(person, "訴訟") == {own.pk}, role


def test_the_other_teams_people_and_the_admin_find_it(other_teams_case, operator_b, admin_user):
    for person in (operator_b, admin_user):
        assert found_cases(person, "訴訟") == {other_teams_case.pk}
        assert found_cases(person, "06-5555-1212") == {other_teams_case.pk}
        assert found_customers(person, "ﾆｼﾑﾗ") == {other_teams_case.customer_id}


def test_a_supervisor_of_both_teams_finds_both(other_teams_case, team_a, team_b):
    lead = make_user("sv_ab", "supervisor", team_a, team_b)
    assert found_cases(lead, "訴訟") == {other_teams_case.pk}


def test_an_inactive_person_finds_nothing(other_teams_case, operator_b):
    operator_b.is_active = False
    operator_b.save()
    assert found_cases(operator_b, "訴訟") == set()


def test_the_results_page_shows_nothing_of_another_team(client, other_teams_case, operator_a):
    client.force_login(operator_a)
    for q in ["訴訟", "西村", "浪速", "06-5555-1212", "冷蔵庫"]:
        for group in ("cases", "customers"):
            body = client.get(reverse("search"), {"q": q, "group": group}).content.decode()
            results = body[body.index('class="search-results"') :]
            results = results[: results.index("</ol>")]
            assert "search-hit" not in results, (q, group)
            assert f"/cases/{other_teams_case.pk}/" not in body


def test_the_results_page_needs_a_login(client):
    response = client.get(reverse("search"), {"q": "訴訟"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
