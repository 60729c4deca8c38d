"""The desk's demo rows: a desk person, the policy, one check-in plan, one consultation."""

import pytest

from kamitaiou.accounts.models import User
from kamitaiou.protection.desk_access import is_desk
from kamitaiou.protection.desk_demo import finish_desk_demo, load_desk_demo
from kamitaiou.protection.desk_models import CheckIn, Consultation, PolicyVersion
from tests.conftest import make_case, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_adds_a_check_in_plan_and_a_consultation_once(team_a):
    make_user("operator", "operator", team_a)
    make_user("supervisor", "supervisor", team_a)
    make_user("admin", "admin")
    operator = User.objects.get(username="operator")
    make_case(operator, assignee=operator)
    for _ in range(2):  # the demo command sends demo_loaded again on a loaded demo
        load_desk_demo([team_a])
        finish_desk_demo([team_a])
    assert Consultation.objects.count() == 1
    assert CheckIn.objects.count() == 3
    assert {c.supervisor.username for c in CheckIn.objects.all()} == {"supervisor"}
    assert PolicyVersion.objects.count() == 1
    assert is_desk(User.objects.get(username="desk"))
