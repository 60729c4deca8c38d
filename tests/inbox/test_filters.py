"""The inbox's filters (issue #14 item 5): each narrows the list, they combine with the
search words, and an unknown value is a visible notice, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction, do_create_case
from kamitaiou.cases.models import Case
from kamitaiou.followups.models import FollowUp
from tests.conftest import make_case, make_customer, make_user


def titles(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("inbox"), {"tab": "team", **params})
    assert response.status_code == 200
    return response.content.decode()


def test_stage_and_kind_narrow_the_list(client, operator_a):
    make_case(operator_a, title="苦情の件")
    demand = make_case(operator_a, kind="unreasonable_demand", title="無理な要求の件")
    body = titles(client, operator_a, kind="unreasonable_demand")
    assert "無理な要求の件" in body and "苦情の件" not in body
    Case.objects.filter(pk=demand.pk).update(stage="hearing")
    stage = Case.objects.get(title="苦情の件").stage
    assert stage != "hearing"
    body = titles(client, operator_a, stage=stage)
    assert "苦情の件" in body and "無理な要求の件" not in body


def test_anger_at_least_keeps_the_angrier_cases(client, operator_a):
    calm = make_case(operator_a, title="穏やかな件")
    angry = make_case(operator_a, title="激怒の件")
    Case.objects.filter(pk=calm.pk).update(anger=1)
    Case.objects.filter(pk=angry.pk).update(anger=3)
    body = titles(client, operator_a, anger="2")
    assert "激怒の件" in body and "穏やかな件" not in body


def test_label_filter_finds_the_cases_whose_messages_carried_the_label(client, operator_a):
    make_case(
        operator_a,
        title="訴訟の件",
        first_message="対応しないなら弁護士に相談して訴えます。",
    )
    make_case(operator_a, title="普通の件", first_message="トナーの在庫を教えてください。")
    labels = Case.objects.get(title="訴訟の件").labels
    assert "legal_threat" in labels
    body = titles(client, operator_a, label="legal_threat")
    assert "訴訟の件" in body and "普通の件" not in body


def test_deadline_windows_and_overdue(client, operator_a):
    now = timezone.now()
    for title, due in [
        ("期限切れの件", now - timedelta(hours=2)),
        ("五日後の件", now + timedelta(days=5)),
        ("期限なしの件", None),
    ]:
        case = make_case(operator_a, title=title)
        Case.objects.filter(pk=case.pk).update(due_at=due)
    overdue = titles(client, operator_a, due="overdue")
    assert "期限切れの件" in overdue and "五日後の件" not in overdue
    week = titles(client, operator_a, due="7d")
    assert "五日後の件" in week and "期限切れの件" not in week and "期限なしの件" not in week
    assert "五日後の件" not in titles(client, operator_a, due="3d")


def test_sla_breached_lists_the_cases_the_sweep_escalated(client, operator_a):
    late = make_case(operator_a, title="SLA超過の件")
    make_case(operator_a, title="期限内の件")
    FollowUp.objects.create(
        case=late,
        customer=late.customer,
        kind="sla_breach_escalation",
        due_at=timezone.now(),
        title="対応期限超過",
        dedupe_key=f"test:{late.pk}",
    )
    body = titles(client, operator_a, sla="breached")
    assert "SLA超過の件" in body and "期限内の件" not in body


def test_assignee_me_nobody_and_a_colleague(client, operator_a, rep_a):
    make_case(operator_a, title="自分の件", assignee=operator_a)
    make_case(operator_a, title="同僚の件", assignee=rep_a)
    make_case(operator_a, title="未割当の件", assignee=None)
    mine = titles(client, operator_a, assignee="me")
    assert "自分の件" in mine and "同僚の件" not in mine and "未割当の件" not in mine
    nobody = titles(client, operator_a, assignee="none")
    assert "未割当の件" in nobody and "自分の件" not in nobody
    colleague = titles(client, operator_a, assignee=str(rep_a.pk))
    assert "同僚の件" in colleague and "自分の件" not in colleague


def test_assignee_filter_refuses_a_person_of_another_team(client, operator_a, operator_b):
    body = titles(client, operator_a, assignee=str(operator_b.pk))
    assert 'id="filter-notices"' in body and "assignee" in body


def test_team_filter_for_someone_in_two_teams(client, team_a, team_b, operator_a, operator_b):
    both = make_user("sv_both", "supervisor", team_a, team_b)
    make_case(operator_a, title="東京の件")
    make_case(operator_b, title="大阪の件")
    body = titles(client, both, team=str(team_b.pk))
    assert "大阪の件" in body and "東京の件" not in body
    refused = titles(client, operator_a, team=str(team_b.pk))
    assert 'id="filter-notices"' in refused and "大阪の件" not in refused


def test_channel_is_how_the_case_reached_us(client, operator_a, team_a):
    customer = make_customer(team_a)
    for title, channel in [("メールの件", "mail"), ("電話の件", "phone")]:
        do_create_case(
            operator_a,
            kind="complaint",
            title=title,
            team=team_a,
            priority=2,
            customer=customer,
            channel=channel,
            first_message="よろしくお願いします。",
        )
    body = titles(client, operator_a, channel="mail")
    assert "メールの件" in body and "電話の件" not in body


def test_opened_between_two_dates(client, operator_a):
    old = make_case(operator_a, title="昨年の件")
    make_case(operator_a, title="今日の件")
    Case.objects.filter(pk=old.pk).update(opened_at=timezone.now() - timedelta(days=400))
    today = timezone.localdate()
    body = titles(client, operator_a, opened_from=str(today - timedelta(days=1)))
    assert "今日の件" in body and "昨年の件" not in body
    body = titles(client, operator_a, opened_to=str(today - timedelta(days=30)))
    assert "昨年の件" in body and "今日の件" not in body


def test_filters_combine_with_the_search_words(client, operator_a):
    first = make_case(operator_a, title="納期遅れ 緊急")
    make_case(operator_a, title="納期遅れ 通常")
    Case.objects.filter(pk=first.pk).update(anger=3)
    body = titles(client, operator_a, q="納期", anger="3")
    assert "納期遅れ 緊急" in body and "納期遅れ 通常" not in body


def test_every_active_filter_is_a_removable_chip(client, operator_a, rep_a):
    make_case(operator_a, title="件")
    body = titles(
        client, operator_a, anger="2", assignee=str(rep_a.pk), due="today", sla="breached"
    )
    assert body.count('class="chip"') == 4
    assert "rep_a" in body  # the person's name, not the id


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"label": "nope"}, "label"),
        ({"anger": "9"}, "anger"),
        ({"anger": "２"}, "anger"),
        ({"due": "tomorrow"}, "due"),
        ({"sla": "yes"}, "sla"),
        ({"assignee": "99999999"}, "assignee"),
        ({"assignee": "9" * 40}, "assignee"),
        ({"team": "-1"}, "team"),
        ({"channel": "fax"}, "channel"),
        ({"opened_from": "2026-02-30"}, "opened_from"),
        ({"opened_to": "1999-12-31"}, "opened_to"),
        ({"opened_to": "20260101"}, "opened_to"),
    ],
)
def test_an_unknown_filter_value_is_named_in_a_notice(client, operator_a, case_a, params, name):
    client.force_login(operator_a)
    response = client.get(reverse("inbox"), {"tab": "team", **params})
    assert response.status_code == 200
    body = response.content.decode()
    notices = body.split('id="filter-notices"')[1].split("</ul>")[0]
    assert name in notices
    assert case_a.title in body  # the filter was dropped, the rest applies


def test_a_reversed_date_range_is_swapped_and_said(client, operator_a, case_a):
    today = timezone.localdate()
    body = titles(
        client, operator_a, opened_from=str(today), opened_to=str(today - timedelta(days=3))
    )
    assert 'id="filter-notices"' in body and case_a.title in body


def test_search_words_still_reach_messages_with_filters_on(client, operator_a):
    case = make_case(operator_a, title="請求の件")
    do_add_interaction(
        operator_a,
        case,
        direction="in",
        channel="mail",
        text="トナー代が二重請求です",
        occurred_at=timezone.now(),
    )
    assert "請求の件" in titles(client, operator_a, q="トナー代", status="open")
