"""The printable case record (decision 0023): the whole record with each entry's hash and
the chain's verification; printing goes on the record; only who may open the case prints."""

from __future__ import annotations

import re

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction, do_set_priority
from kamitaiou.cases.models import CaseEvent, EventKind
from kamitaiou.cases.record import verify_case


def print_record(client, user, case):
    client.force_login(user)
    return client.post(reverse("print_record", args=[case.pk]))


def test_the_case_page_offers_to_print_the_record(client, operator_a, case_a):
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert f'action="/cases/{case_a.pk}/record/print/"' in body
    assert "記録を印刷" in body


def test_the_printed_record_shows_every_entry_in_order_with_its_hash(client, operator_a, case_a):
    do_add_interaction(
        operator_a,
        case_a,
        direction="out",
        channel="phone",
        text="お電話で事情をお伺いしました。",
        occurred_at=timezone.now(),
    )
    do_set_priority(operator_a, case_a, priority=3)
    response = print_record(client, operator_a, case_a)
    assert response.status_code == 200
    body = response.content.decode()
    events = list(case_a.events.order_by("seq"))
    assert events[-1].kind == EventKind.RECORD_PRINTED
    positions = [body.index(event.hash) for event in events]
    assert positions == sorted(positions)  # oldest first, every hash shown
    assert re.findall(r'id="e(\d+)"', body) == [str(event.seq) for event in events]
    assert "お電話で事情をお伺いしました。" in body
    assert "検証: 改ざんなし" in body
    assert "問題あり" not in body
    assert '<link rel="stylesheet" href="/static/vendor/noto-sans-jp/400.css">' in body
    assert "https://" not in body  # nothing from another site, fonts included


def test_printing_goes_on_the_record_with_who_and_when(client, operator_a, case_a):
    before = case_a.events.count()
    body = print_record(client, operator_a, case_a).content.decode()
    printed = case_a.events.order_by("-seq").first()
    assert case_a.events.count() == before + 1
    assert printed.kind == EventKind.RECORD_PRINTED and printed.actor == operator_a
    assert 'id="printed-by"' in body and str(operator_a) in body
    assert verify_case(case_a) == []  # the chain goes on intact
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert "記録を印刷しました" in page  # the case page shows the printing too


def test_a_tampered_record_prints_with_the_problem(client, operator_a, case_a):
    interaction = do_add_interaction(
        operator_a,
        case_a,
        direction="out",
        channel="mail",
        text="返金には応じられません。",
        occurred_at=timezone.now(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_interaction SET text = %s WHERE id = %s",
            ["返金いたします。", interaction.pk],
        )
    body = print_record(client, operator_a, case_a).content.decode()
    assert "検証: 問題あり" in body
    assert "改ざんなし" not in body
    for problem in verify_case(case_a):
        assert problem in body


def test_another_teams_case_cannot_be_printed_and_nothing_is_recorded(client, operator_b, case_a):
    before = CaseEvent.objects.filter(case=case_a).count()
    assert print_record(client, operator_b, case_a).status_code == 404
    assert CaseEvent.objects.filter(case=case_a).count() == before


def test_printing_needs_a_post_and_a_login(client, operator_a, case_a):
    url = reverse("print_record", args=[case_a.pk])
    assert client.post(url).status_code == 302  # to the login page
    client.force_login(operator_a)
    assert client.get(url).status_code == 405
    assert not case_a.events.filter(kind=EventKind.RECORD_PRINTED).exists()
