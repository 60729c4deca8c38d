"""The protection records are sealed into the case's record (decisions 0021, 0022): the
incident, its evidence, its steps and the restrictions decided on it. A change made in
the database is reported by ``verify_case`` and ``kamitaiou verify-records``; a change
through the actions is not; an erasure of the customer keeps the record verifying."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from kamitaiou.accounts.models import Team
from kamitaiou.cases.erasure import PLACEHOLDER, do_erase_customer
from kamitaiou.cases.record import verify_case
from kamitaiou.cases.verify import verify_records
from kamitaiou.protection import actions
from kamitaiou.protection.demo import load_story
from kamitaiou.protection.models import Evidence, Incident, ResponseStep, Restriction
from tests.conftest import make_user
from tests.protection.test_incident_record import _data

pytestmark = pytest.mark.django_db
REASON = "暴言と土下座の要求が続き、警告後も止まらなかったため。"


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, list(params))


def _at(minutes: int):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def restricted(draft, operator_a, supervisor_a):
    incident = actions.do_save_incident(operator_a, draft, data=_data(draft), confirm=True)
    actions.do_record_step(operator_a, incident, step="warn", at=_at(30), wording="警告")
    actions.do_record_step(operator_a, incident, step="end_contact", at=_at(20))
    actions.do_record_step(operator_a, incident, step="hand_to_supervisor", at=_at(10))
    actions.do_decide_restriction(
        supervisor_a,
        incident,
        kinds=["written_only"],
        reason=REASON,
        review_on=timezone.localdate() + timedelta(days=90),
    )
    return incident


@pytest.fixture
def demo(db):
    team = Team.objects.create(name="東京コールセンター")
    operator = make_user("operator", "operator", team)
    supervisor = make_user("supervisor", "supervisor", team)
    return load_story(team=team, operator=operator, supervisor=supervisor)


def _changed(incident, what):
    problems = verify_case(incident.case)
    assert any(what in p and "changed outside the record" in p for p in problems), problems


def test_every_protection_row_written_through_the_actions_verifies(restricted):
    assert restricted.evidence.exists() and restricted.steps.count() == 4
    assert verify_case(restricted.case) == []


def test_an_incident_text_edited_in_the_database_is_reported(restricted, capsys):
    sql("UPDATE protection_incident SET summary = %s WHERE id = %s", "何もなかった", restricted.pk)
    _changed(restricted, f"incident {restricted.pk}")
    with pytest.raises(CommandError, match="problem"):
        call_command("verify_records")
    assert f"incident {restricted.pk} was changed outside the record" in capsys.readouterr().err


def test_an_incident_categories_edited_in_the_database_are_reported(restricted):
    sql("UPDATE protection_incident SET categories = %s WHERE id = %s", "[]", restricted.pk)
    _changed(restricted, f"incident {restricted.pk}")


def test_a_step_time_edited_in_the_database_is_reported(restricted):
    step = restricted.steps.get(step="warn")
    ResponseStep.objects.filter(pk=step.pk).update(at=step.at - timedelta(hours=5))
    _changed(restricted, f"responsestep {step.pk}")


def test_a_restriction_reason_edited_in_the_database_is_reported(restricted):
    restriction = restricted.restrictions.get()
    Restriction.objects.filter(pk=restriction.pk).update(reason="理由なし")
    _changed(restricted, f"restriction {restriction.pk}")


def test_evidence_edited_or_deleted_in_the_database_is_reported(restricted):
    evidence = restricted.evidence.first()
    Evidence.objects.filter(pk=evidence.pk).update(quote="（なし）")
    _changed(restricted, f"evidence {evidence.pk}")
    Evidence.objects.filter(pk=evidence.pk).delete()
    problems = verify_case(restricted.case)
    assert any(f"evidence {evidence.pk}" in p and "is missing" in p for p in problems), problems


def test_a_protection_row_slipped_into_the_database_is_reported(restricted, operator_a):
    row = ResponseStep.objects.get(incident=restricted, step="warn")
    ResponseStep.objects.filter(pk=row.pk).delete()
    sneaked = ResponseStep.objects.create(
        incident=restricted, step="warn", by=operator_a, at=_at(40)
    )
    problems = verify_case(restricted.case)
    assert any(f"responsestep {sneaked.pk} is not on the record" in p for p in problems)


def test_changes_through_the_actions_are_not_reported(restricted, operator_a, supervisor_a):
    actions.do_save_incident(
        operator_a,
        restricted,
        data=_data(
            restricted,
            summary="電話で暴言が続き、土下座を要求された。",
            categories=["verbal_abuse"],
        ),
    )
    restricted.refresh_from_db()
    assert restricted.summary.startswith("電話で暴言が続き")
    assert restricted.categories == ["verbal_abuse"]
    actions.do_lift_restriction(
        supervisor_a,
        restricted.restrictions.get(),
        reason="三か月間、問題となる言動がないことを確認した。",
    )
    assert verify_case(restricted.case) == []


def test_the_protection_demo_verifies_clean(demo):
    assert verify_case(demo.case) == []
    assert verify_records().problems == []


def test_an_erasure_of_the_demo_customer_blanks_the_texts_and_still_verifies(demo, admin_user):
    customer = demo.case.customer
    do_erase_customer(admin_user, customer, reason="ご本人からの削除請求")
    incident = Incident.objects.get(pk=demo.pk)
    assert incident.summary == PLACEHOLDER
    assert set(incident.evidence.values_list("quote", flat=True)) == {PLACEHOLDER}
    assert Restriction.objects.get(incident=incident).reason == PLACEHOLDER
    assert all(
        PLACEHOLDER in (s.wording + s.note) or not (s.wording or s.note)
        for s in incident.steps.all()
    )
    assert "岩田" not in str(list(Incident.objects.values()))
    assert verify_records().problems == []
