"""The team's verdicts on overridden coach findings: recorded, access-checked, exported."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kamitaiou.cases.models import CaseEvent, EventKind, Interaction
from kamitaiou.cases.record import verify_case
from kamitaiou.readings.models import CoachModel, OverrideJudgement
from tests.conftest import make_user

REPLY = "いや、そうではございません。"


@pytest.fixture
def reply(client, case_a, operator_a):
    """A reply saved over the coach's partial-denial finding."""
    client.force_login(operator_a)
    client.post(
        reverse("add_interaction", args=[case_a.pk]),
        {"direction": "out", "channel": "phone", "occurred_at": "", "text": REPLY},
    )
    client.logout()
    saved = Interaction.objects.get(case=case_a, direction="out")
    assert "partial_denial" in {item["code"] for item in saved.coaching.overridden}
    return saved


def judge(client, user, case, reply, *, code="partial_denial", verdict="coach_wrong"):
    client.force_login(user)
    return client.post(
        reverse("judge_override", args=[case.pk]),
        {"interaction": str(reply.pk), "code": code, "verdict": verdict},
    )


def test_a_supervisor_sees_the_overridden_reply_on_the_case_page(
    client, case_a, reply, supervisor_a
):
    client.force_login(supervisor_a)
    body = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert 'id="coach-overrides"' in body
    assert "コーチが誤り" in body and "書き手が誤り" in body


def test_an_operator_does_not_see_the_verdict_buttons(client, case_a, reply, operator_a):
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert 'id="coach-overrides"' not in body


def test_a_verdict_is_stored_with_who_and_when_and_goes_on_the_record(
    client, case_a, reply, supervisor_a
):
    response = judge(client, supervisor_a, case_a, reply)
    assert response.status_code == 302
    row = OverrideJudgement.objects.get()
    assert (row.actor, row.code, row.verdict) == (supervisor_a, "partial_denial", "coach_wrong")
    event = CaseEvent.objects.get(case=case_a, kind=EventKind.OVERRIDE_JUDGED)
    assert event.data["interaction"] == reply.pk
    assert verify_case(case_a) == []
    page = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert "partial_denial — コーチが誤り" in page


def test_a_later_verdict_is_a_new_row_and_the_latest_is_exported(
    client, case_a, reply, supervisor_a, admin_user, tmp_path
):
    judge(client, supervisor_a, case_a, reply, verdict="coach_wrong")
    judge(client, admin_user, case_a, reply, verdict="writer_wrong")
    assert OverrideJudgement.objects.count() == 2
    out = tmp_path / "overrides.jsonl"
    call_command("export_overrides", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {
            "draft": REPLY,
            "kind": case_a.kind,
            "stage": reply.coaching.stage,
            "anger": case_a.anger,
            "present": ["partial_denial"],
            "absent": [],
        }
    ]


def test_an_operator_may_not_judge(client, case_a, reply, operator_a):
    assert judge(client, operator_a, case_a, reply).status_code == 403
    assert not OverrideJudgement.objects.exists()


def test_a_supervisor_of_another_team_gets_not_found(client, case_a, reply, team_b):
    other = make_user("sup_b", "supervisor", team_b)
    assert judge(client, other, case_a, reply).status_code == 404
    assert not OverrideJudgement.objects.exists()


def test_judging_with_get_is_rejected(client, case_a, supervisor_a):
    client.force_login(supervisor_a)
    assert client.get(reverse("judge_override", args=[case_a.pk])).status_code == 405


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("verdict", "maybe", 400),
        ("verdict", "", 400),
        ("code", "excuse", 400),
        ("code", "", 400),
        ("interaction", "x", 404),
        ("interaction", "999999", 404),
        ("interaction", "-1", 404),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    client, case_a, reply, supervisor_a, field, value, status
):
    client.force_login(supervisor_a)
    data = {"interaction": str(reply.pk), "code": "partial_denial", "verdict": "coach_wrong"}
    data[field] = value
    response = client.post(reverse("judge_override", args=[case_a.pk]), data)
    assert response.status_code == status
    assert not OverrideJudgement.objects.exists()


def test_an_inbound_message_cannot_be_judged(client, case_a, reply, supervisor_a):
    inbound = Interaction.objects.get(case=case_a, direction="in")
    assert judge(client, supervisor_a, case_a, inbound).status_code == 404


def test_train_coach_with_overrides_trains_and_prints_before_and_after(
    client, case_a, reply, supervisor_a, tmp_path, capsys, settings
):
    settings.KAMITAIOU_MODELS_DIR = tmp_path / "models"
    judge(client, supervisor_a, case_a, reply)
    out = tmp_path / "m.kmr"
    call_command("train_coach", "--with-overrides", "--output", str(out))
    printed = capsys.readouterr().out
    assert "judged replies: 1" in printed
    assert "before (rules) on held-out verdicts:" in printed
    assert "after (retrained checker) on held-out verdicts:" in printed
    assert out.is_file()
    row = CoachModel.objects.get()  # registered, inactive, with the verdict counted once
    assert not row.active and row.rows > 2000
    assert row.overrides + row.figures["held_out"] == 1
    assert f"registered: {row.file_name}" in printed


def test_train_coach_needs_the_with_overrides_flag(db):
    with pytest.raises(CommandError, match="--with-overrides"):
        call_command("train_coach")


def test_plain_train_coach_goes_to_the_pure_trainer_or_says_it_is_missing(capsys):
    import importlib.util

    from kamitaiou.cli import _pure_command

    runner = _pure_command("train-coach", [])
    assert runner is not None
    assert _pure_command("train-coach", ["--with-overrides"]) is None
    assert importlib.util.find_spec("kamitaiou.method.coach.train_cli") is not None
