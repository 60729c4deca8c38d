"""Two people, one case: who else is writing, and no reply past unread customer messages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction
from kamitaiou.cases.models import Interaction, ReplyPresence
from tests.conftest import make_user


def beat(client, case, drafting="1"):
    return client.post(f"/cases/{case.pk}/presence/", {"drafting": drafting})


def newest_inbound(case):
    return Interaction.objects.filter(case=case, direction="in").order_by("-pk")[0].pk


def reply(client, case, text, *, seen):
    return client.post(
        f"/cases/{case.pk}/interactions/",
        {"direction": "out", "channel": "phone", "text": text, "seen_inbound": seen},
    )


def test_a_colleague_writing_a_reply_is_named_on_the_page(client, case_a, operator_a, rep_a):
    client.force_login(rep_a)
    assert beat(client, case_a).status_code == 200
    client.force_login(operator_a)
    answer = beat(client, case_a, drafting="0").content.decode()
    assert "rep_aさんがこの案件の返信を作成中です" in answer
    page = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert f'hx-post="/cases/{case_a.pk}/presence/"' in page  # the page beats on load


def test_nobody_is_told_about_themselves(client, case_a, operator_a):
    client.force_login(operator_a)
    beat(client, case_a)
    assert "作成中" not in beat(client, case_a).content.decode()


def test_a_colleague_only_reading_is_shown_as_having_the_case_open(
    client, case_a, operator_a, rep_a
):
    client.force_login(rep_a)
    beat(client, case_a, drafting="0")
    client.force_login(operator_a)
    answer = beat(client, case_a).content.decode()
    assert "rep_aさんがこの案件を開いています" in answer
    assert "作成中" not in answer


def test_a_page_closed_a_minute_ago_is_forgotten(client, case_a, operator_a, rep_a):
    client.force_login(rep_a)
    beat(client, case_a)
    ReplyPresence.objects.update(last_seen=timezone.now() - timedelta(seconds=61))
    client.force_login(operator_a)
    assert "rep_a" not in beat(client, case_a).content.decode()


def test_two_tabs_of_one_person_keep_one_row(client, case_a, rep_a):
    client.force_login(rep_a)
    beat(client, case_a)
    beat(client, case_a, drafting="0")
    assert ReplyPresence.objects.filter(case=case_a, user=rep_a).count() == 1
    assert ReplyPresence.objects.get(case=case_a, user=rep_a).drafting is False


def test_the_heartbeat_checks_access_and_method(client, case_a, operator_b):
    client.force_login(operator_b)
    assert beat(client, case_a).status_code == 404
    assert not ReplyPresence.objects.exists()
    assert client.get(f"/cases/{case_a.pk}/presence/").status_code == 405
    client.logout()
    assert beat(client, case_a).status_code == 302


def test_a_reply_past_new_customer_messages_asks_to_read_them_first(client, case_a, operator_a):
    client.force_login(operator_a)
    seen = newest_inbound(case_a)
    do_add_interaction(
        operator_a,
        case_a,
        direction="in",
        channel="mail",
        text="追加で連絡します。昨日も同じエラーが出ました。",
        occurred_at=timezone.now(),
    )
    draft = "ご連絡ありがとうございます。本日伺います。"
    response = reply(client, case_a, draft, seen=seen)
    assert response.status_code == 400
    page = response.content.decode()
    assert "新しいメッセージが届いています" in page
    assert "昨日も同じエラーが出ました。" in page.split('id="unseen-messages"', 1)[1]
    assert draft in page  # the draft stays in the box
    assert not Interaction.objects.filter(case=case_a, direction="out").exists()
    # the page now shows the new message: the same reply goes through
    assert f'name="seen_inbound" value="{newest_inbound(case_a)}"' in page
    response = reply(client, case_a, draft, seen=newest_inbound(case_a))
    assert response.status_code == 302
    assert Interaction.objects.filter(case=case_a, direction="out").count() == 1


def test_notes_and_replies_with_nothing_new_are_not_held_up(client, case_a, operator_a):
    client.force_login(operator_a)
    seen = newest_inbound(case_a)
    assert reply(client, case_a, "本日伺います。", seen=seen).status_code == 302
    do_add_interaction(
        operator_a,
        case_a,
        direction="in",
        channel="phone",
        text="まだですか。",
        occurred_at=timezone.now(),
    )
    note = client.post(
        f"/cases/{case_a.pk}/interactions/",
        {"direction": "internal", "channel": "phone", "text": "社内メモ", "seen_inbound": seen},
    )
    assert note.status_code == 302


def test_a_customer_message_recorded_by_a_colleague_also_counts(client, case_a, operator_a):
    colleague = make_user("op_a2", "operator", case_a.team)
    seen = newest_inbound(case_a)
    do_add_interaction(
        colleague,
        case_a,
        direction="in",
        channel="phone",
        text="電話で再度のお問い合わせ。",
        occurred_at=timezone.now(),
    )
    client.force_login(operator_a)
    assert reply(client, case_a, "承知しました。", seen=seen).status_code == 400


def test_a_bad_seen_value_is_a_form_error_not_a_500(client, case_a, operator_a):
    client.force_login(operator_a)
    response = reply(client, case_a, "承知しました。", seen="abc")
    assert response.status_code == 400
