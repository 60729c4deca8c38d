"""The method panel's endpoints and the supervisors' pages: they work, they check
access, they reject the wrong method, and bad input is a 400 with a Japanese message."""

import pytest
from django.urls import reverse

from kamitaiou.cases.models import Escalation, HarassmentIncident
from tests.conftest import make_case, make_user


def act(client, user, case, name, **data):
    """Post like the page does: panel forms carry their name as a prefix."""
    client.force_login(user)
    if name not in {"move", "fact"}:
        data = {f"{name}-{key}": value for key, value in data.items()}
    return client.post(reverse("case_action", args=[case.pk, name]), data)


def test_case_page_shows_moves_guidance_and_reasons(client, operator_a):
    case = make_case(operator_a)
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "次の一手" in body
    assert "鎮静対応を始める" in body
    assert "お客様が落ち着いてお話しできる状態になってから" in body  # disabled with reason


def test_move_through_the_view(client, operator_a):
    case = make_case(operator_a)
    response = act(client, operator_a, case, "move", action="start_calming")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "calming"


def test_guarded_move_is_refused_with_the_reason(client, operator_a):
    case = make_case(operator_a)
    act(client, operator_a, case, "move", action="start_calming")
    response = act(client, operator_a, case, "move", action="start_hearing")
    assert response.status_code == 400
    assert "落ち着いて" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "calming"


def test_unknown_move_is_refused(client, operator_a):
    case = make_case(operator_a)
    response = act(client, operator_a, case, "move", action="teleport")
    assert response.status_code == 400
    assert "その操作はできません" in response.content.decode()


def test_unknown_action_is_404(client, operator_a):
    case = make_case(operator_a)
    assert act(client, operator_a, case, "explode").status_code == 404


def test_fact_through_the_view(client, operator_a):
    case = make_case(operator_a)
    assert (
        act(client, operator_a, case, "fact", fact="customer_calm", value="yes").status_code == 302
    )
    case.refresh_from_db()
    assert case.facts["customer_calm"] is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"fact": "customer_calm", "value": "maybe"}, "「はい」か「いいえ」"),
        ({"fact": "satisfaction", "value": "9"}, "1〜5"),
        ({"fact": "nope", "value": "yes"}, "正しく選択してください"),
        ({"fact": "explanation", "value": ""}, "値を入力してください"),
    ],
)
def test_bad_fact_is_a_form_error(client, operator_a, data, message):
    case = make_case(operator_a)
    response = act(client, operator_a, case, "fact", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.facts == {}


def test_assessment_form_rejects_out_of_range(client, rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    response = act(
        client,
        rep_a,
        case,
        "assessment",
        success_probability="150",
        risk_cost_yen="-1",
        risk_liability="low",
        risk_relationship="low",
        benefit_trust="low",
        benefit_new_business_yen="0",
        benefit_referrals="0",
        decision="accept",
    )
    assert response.status_code == 400
    assert not case.assessments.exists()


def test_scope_answer_needs_an_attribution(client, rep_a):
    case = make_case(rep_a, kind="unreasonable_demand")
    response = act(client, rep_a, case, "scope", current_trouble_answer="発注漏れ")
    assert response.status_code == 400
    assert "責任の所在を選んでください" in response.content.decode()
    assert not case.scope_answers.exists()


def test_time_out_with_a_bad_date_is_a_form_error(client, operator_a):
    case = make_case(operator_a)
    response = act(client, operator_a, case, "timeout", until="明日", reason="other")
    assert response.status_code == 400
    assert "正しい日時を入力してください" in response.content.decode()


def test_outcome_through_the_view(client, operator_a):
    case = make_case(operator_a)
    response = act(
        client,
        operator_a,
        case,
        "outcome",
        ending="fan",
        impacts=["trust"],
        trust_before="2",
        trust_after="5",
        referrals="1",
        new_contracts="0",
    )
    assert response.status_code == 302
    assert case.outcomes.get().ending == "fan"


def test_incident_through_the_view(client, operator_a):
    case = make_case(operator_a)
    response = act(
        client,
        operator_a,
        case,
        "incident",
        labels=["abuse"],
        what_was_said="「役立たず」と30分にわたり繰り返された",
        care_offered="休憩",
    )
    assert response.status_code == 302
    assert HarassmentIncident.objects.get(case=case).care_offered == "休憩"


@pytest.mark.parametrize("name", ["move", "fact", "outcome", "escalate", "background"])
def test_actions_on_other_teams_case_are_404(client, operator_a, operator_b, name):
    case = make_case(operator_b)
    assert act(client, operator_a, case, name, action="start_calming").status_code == 404


def test_actions_reject_get(client, operator_a):
    case = make_case(operator_a)
    client.force_login(operator_a)
    assert client.get(reverse("case_action", args=[case.pk, "move"])).status_code == 405


def test_escalations_queue_is_for_supervisors(client, operator_a, supervisor_a):
    case = make_case(operator_a, first_message="法的措置も検討しています。")
    client.force_login(operator_a)
    assert client.get(reverse("escalations")).status_code == 403
    client.force_login(supervisor_a)
    body = client.get(reverse("escalations")).content.decode()
    assert case.title in body and "【引き継ぎ】" in body


def test_escalations_queue_hides_other_teams(client, operator_b, supervisor_a):
    case = make_case(operator_b, title="大阪の法的案件", first_message="訴訟を起こします。")
    client.force_login(supervisor_a)
    assert case.title not in client.get(reverse("escalations")).content.decode()
    escalation = Escalation.objects.get(case=case)
    response = client.post(reverse("accept_escalation", args=[escalation.pk]))
    assert response.status_code == 404


def test_supervisor_takes_over_from_the_queue(client, operator_a, supervisor_a):
    case = make_case(operator_a, first_message="損害賠償を請求します。")
    escalation = Escalation.objects.get(case=case)
    client.force_login(supervisor_a)
    response = client.post(reverse("accept_escalation", args=[escalation.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == supervisor_a


def test_operator_cannot_accept_escalation(client, operator_a):
    case = make_case(operator_a, first_message="損害賠償を請求します。")
    client.force_login(operator_a)
    escalation = Escalation.objects.get(case=case)
    assert client.post(reverse("accept_escalation", args=[escalation.pk])).status_code == 403


def test_incident_list_is_for_supervisors_and_admins(client, operator_a, supervisor_a, admin_user):
    make_case(operator_a, first_message="ふざけるな、このクズが。")
    client.force_login(operator_a)
    assert client.get(reverse("incidents")).status_code == 403
    for user in (supervisor_a, admin_user):
        client.force_login(user)
        assert "クズ" in client.get(reverse("incidents")).content.decode()


def test_supervision_pages_reject_post_and_bound_their_queries(
    client, operator_a, supervisor_a, django_assert_max_num_queries
):
    for n in range(5):
        make_case(operator_a, title=f"件{n}", first_message="訴えますよ、このクズ。")
    client.force_login(supervisor_a)
    assert client.post(reverse("escalations")).status_code == 405
    with django_assert_max_num_queries(8):
        client.get(reverse("escalations"))
    with django_assert_max_num_queries(8):
        client.get(reverse("incidents"))


def test_nav_shows_supervision_links_only_to_supervisors(client, operator_a, team_a):
    client.force_login(operator_a)
    assert "エスカレーション" not in client.get(reverse("inbox")).content.decode()
    client.force_login(make_user("sv2", "supervisor", team_a))
    assert "エスカレーション" in client.get(reverse("inbox")).content.decode()


def test_background_is_prefilled_from_the_signals_and_editable(client, rep_a):
    case = make_case(
        rep_a,
        kind="unreasonable_demand",
        first_message="発注を忘れていたのはこちらのミスですが、台風で遅れるのも困ります。",
    )
    client.force_login(rep_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "お客様側のミス: 「" in body
    assert "お客さんのミス" in body or "ミス" in body  # the empathy hint
    act(client, rep_a, case, "background", text="発注担当の方が異動直後で引き継ぎ漏れ")
    case.refresh_from_db()
    assert case.background == "発注担当の方が異動直後で引き継ぎ漏れ"
    assert case.events.filter(kind="background").exists()
