import pytest
from django.http import Http404

from kamitaiou.cases.access import get_case_for_user, get_customer_for_user, visible_cases
from tests.conftest import make_case, make_user


def test_operator_sees_own_teams_cases_only(case_a, case_b, operator_a):
    assert list(visible_cases(operator_a)) == [case_a]


def test_sales_rep_sees_own_teams_cases(case_a, case_b, rep_a):
    assert list(visible_cases(rep_a)) == [case_a]


def test_supervisor_sees_every_team_they_lead(case_a, case_b, team_a, team_b):
    leader = make_user("leader", "supervisor", team_a, team_b)
    assert set(visible_cases(leader)) == {case_a, case_b}


def test_admin_sees_all_cases(case_a, case_b, admin_user):
    assert set(visible_cases(admin_user)) == {case_a, case_b}


def test_inactive_user_sees_nothing(case_a, operator_a):
    operator_a.is_active = False
    operator_a.save()
    assert list(visible_cases(operator_a)) == []


@pytest.mark.parametrize("raw", ["999999", "abc", "-1", "0", "", None, "9" * 40])
def test_missing_or_garbage_case_id_is_404(case_a, operator_a, raw):
    with pytest.raises(Http404):
        get_case_for_user(operator_a, raw)


def test_other_teams_case_is_404_like_a_missing_one(case_b, operator_a):
    with pytest.raises(Http404) as other:
        get_case_for_user(operator_a, case_b.pk)
    with pytest.raises(Http404) as missing:
        get_case_for_user(operator_a, case_b.pk + 1000)
    assert str(other.value) == str(missing.value)


def test_other_teams_customer_is_404(case_b, operator_a):
    with pytest.raises(Http404):
        get_customer_for_user(operator_a, case_b.customer_id)


def test_user_in_two_teams_sees_both(team_a, team_b, operator_a, operator_b):
    both = make_user("both", "operator", team_a, team_b)
    a = make_case(operator_a)
    b = make_case(operator_b)
    assert set(visible_cases(both)) == {a, b}
