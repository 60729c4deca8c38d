"""§10.4 on the Django side: a vague referral persona is a form error (and an action
error) saying why; a concrete one is recorded and opens the referral step."""

import pytest
from django.urls import reverse

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import ActionError, do_change_stage
from kamitaiou.followups import actions as fa
from kamitaiou.followups.models import FollowUp
from tests.conftest import make_case

CONCRETE = "ディスプレイを長時間見るときに、目の疲れでお悩みの方はいらっしゃいませんか?"


def satisfied_after_follow(user):
    case = make_case(user, kind="after_follow", assignee=user)
    ma.do_record_fact(user, case, fact="visit_confirmed", value=True)
    do_change_stage(user, case, target="visit")
    do_change_stage(user, case, target="satisfaction")
    ma.do_record_fact(user, case, fact="satisfaction", value=5)
    return case


def record_persona(client, user, case, text):
    client.force_login(user)
    data = {"fact": "referral_persona", "value": text}
    return client.post(reverse("case_action", args=[case.pk, "fact"]), data)


@pytest.mark.parametrize(
    "vague",
    ["誰か紹介してください", "どなたかいらっしゃいませんか", "お知り合いの方をご紹介ください"],
)
def test_a_vague_persona_is_a_400_saying_why(client, rep_a, vague):
    case = satisfied_after_follow(rep_a)
    response = record_persona(client, rep_a, case, vague)
    assert response.status_code == 400
    body = response.content.decode()
    assert "紹介をお願いする具体的な人物像" in body  # the field's label, then the reason
    assert "例" in body
    case.refresh_from_db()
    assert "referral_persona" not in case.facts


def test_a_concrete_persona_is_recorded_and_opens_the_referral_step(client, rep_a):
    case = satisfied_after_follow(rep_a)
    assert record_persona(client, rep_a, case, CONCRETE).status_code == 302
    case.refresh_from_db()
    assert case.facts["referral_persona"] == CONCRETE
    response = client.post(
        reverse("case_action", args=[case.pk, "move"]), {"action": "ask_referral"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "referral"


def test_the_action_refuses_a_vague_persona_whatever_the_form(rep_a):
    case = satisfied_after_follow(rep_a)
    with pytest.raises(ActionError, match="「誰か」「知り合い」"):
        ma.do_record_fact(rep_a, case, fact="referral_persona", value="知り合いを紹介して")


def test_the_referral_move_stays_disabled_with_the_reason(client, rep_a):
    case = satisfied_after_follow(rep_a)
    client.force_login(rep_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "紹介をお願いする相手を具体的に描いてください" in body


def test_completing_a_referral_followup_with_a_vague_persona_is_refused(client, rep_a):
    case = satisfied_after_follow(rep_a)
    referral = FollowUp.objects.create(
        case=case,
        customer=case.customer,
        kind="referral_request",
        due_at=case.opened_at,
        title="ご紹介のお願い",
        dedupe_key=f"test-referral-{case.pk}",
    )
    with pytest.raises(ActionError, match="「誰か」"):
        fa.do_complete_followup(rep_a, referral, done=fa.Completion(persona="誰か紹介してください"))
    client.force_login(rep_a)
    response = client.post(
        reverse("followup_complete", args=[referral.pk]),
        {f"f{referral.pk}-persona": "誰か紹介してください"},
    )
    assert response.status_code == 400
    assert "「誰か」「知り合い」" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "open"
    fa.do_complete_followup(rep_a, referral, done=fa.Completion(persona=CONCRETE))
    case.refresh_from_db()
    assert case.facts["referral_persona"] == CONCRETE
