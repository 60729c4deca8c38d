"""The desk's demo rows on the one demo path (``demo_loaded``, after the protection
story): a desk person, the policy, the story's check-in plan, one consultation."""

import pytest

from kamitaiou.accounts.models import Team, User
from kamitaiou.cases.demo_data import demo_loaded
from kamitaiou.protection.desk_access import is_desk
from kamitaiou.protection.desk_models import CheckIn, Consultation, PolicyVersion
from kamitaiou.protection.models import Incident
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_adds_the_story_check_ins_the_policy_and_a_consultation_once():
    team = Team.objects.create(name="東京コールセンター")
    make_user("operator", "operator", team)
    make_user("supervisor", "supervisor", team)
    make_user("admin", "admin")
    for _ in range(2):  # the demo command sends demo_loaded again on a loaded demo
        demo_loaded.send(sender=None, teams=[team])
    story = Incident.objects.get()
    assert Consultation.objects.count() == 1
    assert CheckIn.objects.count() == 3
    assert {c.incident_id for c in CheckIn.objects.all()} == {story.detection_id}
    assert {c.staff.username for c in CheckIn.objects.all()} == {"operator"}
    assert {c.supervisor.username for c in CheckIn.objects.all()} == {"supervisor"}
    assert PolicyVersion.objects.count() == 1
    assert is_desk(User.objects.get(username="desk"))
