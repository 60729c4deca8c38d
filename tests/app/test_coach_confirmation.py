"""A reply with an error-level coach finding is saved only after an explicit confirmation."""

from django.urls import reverse

from kamitaiou.cases.actions import ActionError, do_add_interaction
from kamitaiou.cases.models import Interaction, ReplyCoaching

SUE = "どうぞ訴えてください。"


def post(client, user, case, **data):
    client.force_login(user)
    payload = {"direction": "out", "channel": "phone", "occurred_at": "", "coach_shown": "[]"}
    payload.update(data)
    return client.post(reverse("add_interaction", args=[case.pk]), payload)


def test_a_reply_encouraging_litigation_is_refused_without_the_confirmation(
    client, case_a, operator_a
):
    response = post(client, operator_a, case_a, text=SUE)
    body = response.content.decode()
    assert response.status_code == 400
    assert "コーチが重大な指摘をしています" in body
    assert not Interaction.objects.filter(case=case_a, direction="out").exists()
    assert not ReplyCoaching.objects.exists()


def test_a_confirmed_reply_is_saved_with_who_when_and_which_codes(client, case_a, operator_a):
    response = post(client, operator_a, case_a, text=SUE, coach_confirmed="on")
    assert response.status_code == 302
    kept = ReplyCoaching.objects.get(interaction__case=case_a)
    assert kept.confirmed_codes == ["litigation_encouraged"]
    assert kept.confirmed_by == operator_a
    assert kept.confirmed_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "コーチの重大な指摘を書き手が確認済み" in page
    assert "訴訟を勧めている" in page


def test_the_server_checks_the_text_itself_whatever_the_browser_sent(client, case_a, operator_a):
    shown_nothing = post(client, operator_a, case_a, text=SUE, coach_shown="not json")
    assert shown_nothing.status_code == 400
    assert not Interaction.objects.filter(case=case_a, direction="out").exists()


def test_a_reply_without_error_findings_needs_no_confirmation(client, case_a, operator_a):
    response = post(client, operator_a, case_a, text="大変申し訳ございません。")
    assert response.status_code == 302
    kept = ReplyCoaching.objects.get(interaction__case=case_a)
    assert kept.confirmed_codes == []
    assert kept.confirmed_by is None


def test_a_needless_tick_records_no_confirmation(client, case_a, operator_a):
    response = post(
        client, operator_a, case_a, text="大変申し訳ございません。", coach_confirmed="on"
    )
    assert response.status_code == 302
    assert ReplyCoaching.objects.get(interaction__case=case_a).confirmed_codes == []


def test_inbound_text_with_the_phrase_needs_no_confirmation(client, case_a, operator_a):
    response = post(client, operator_a, case_a, direction="in", text=SUE)
    assert response.status_code == 302


def test_the_action_refuses_an_unconfirmed_error_level_reply(case_a, operator_a):
    from django.utils import timezone

    try:
        do_add_interaction(
            operator_a,
            case_a,
            direction="out",
            channel="phone",
            text=SUE,
            occurred_at=timezone.now(),
            coach_shown="",
        )
    except ActionError as exc:
        assert "重大な指摘" in exc.message
    else:
        raise AssertionError("the action saved an unconfirmed reply")
    assert not Interaction.objects.filter(case=case_a, direction="out").exists()


def test_the_panel_offers_the_confirmation_only_for_error_findings(client, case_a, operator_a):
    client.force_login(operator_a)
    url = reverse("coach_check", args=[case_a.pk])
    assert 'name="coach_confirmed"' in client.post(url, {"text": SUE}).content.decode()
    calm = client.post(url, {"text": "いや、そうではございません。"}).content.decode()
    assert 'name="coach_confirmed"' not in calm


def test_another_teams_case_cannot_be_confirmed(client, case_b, operator_a):
    response = post(client, operator_a, case_b, text=SUE, coach_confirmed="on")
    assert response.status_code == 404
    assert not Interaction.objects.filter(case=case_b, direction="out").exists()


def test_saving_with_get_is_rejected(client, case_a, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("add_interaction", args=[case_a.pk])).status_code == 405
