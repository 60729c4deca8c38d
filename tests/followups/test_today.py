"""The today page at a call centre's scale: grouped by team and kind, counted, collapsed,
paginated, a fixed number of queries; an operator's overdue count includes her breaches."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.followups.models import FollowUp
from kamitaiou.followups.today import GROUP_PREVIEW, PAGE_SIZE
from tests.conftest import make_case, make_user

SLA = "sla_breach_escalation"


def add_followups(case, n, *, kind="verification_check", due_in=-timedelta(hours=2), owner=None):
    due = timezone.now() + due_in
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case,
            customer_id=case.customer_id,
            kind=kind,
            due_at=due + timedelta(minutes=i),
            owner=owner,
            title=f"{kind} {i} of #{case.pk}",
            dedupe_key=f"test:{uuid.uuid4()}",
        )
        for i in range(n)
    )


@pytest.fixture
def sv_both(team_a, team_b):
    return make_user("sv_both", "supervisor", team_a, team_b)


def section(body, anchor):
    match = re.search(rf'<section[^>]*id="{anchor}".*?</section>', body, re.S)
    assert match, anchor
    return match.group(0)


def count_of(body, anchor):
    return int(re.search(r'data-count="(\d+)"', section(body, anchor)).group(1))


def test_supervisor_sees_one_line_per_team_and_kind_with_its_count(
    client, sv_both, operator_a, operator_b
):
    tokyo = make_case(operator_a, assignee=operator_a, title="東京の遅れ")
    osaka = make_case(operator_b, assignee=operator_b, title="大阪の遅れ")
    add_followups(tokyo, 40, kind=SLA, owner=sv_both)
    add_followups(osaka, 7, kind=SLA, owner=sv_both)
    add_followups(tokyo, 3, kind="verification_check", owner=sv_both)
    client.force_login(sv_both)
    body = client.get(reverse("today")).content.decode()
    overdue = section(body, "overdue")
    assert count_of(body, "overdue") == 50
    groups = re.findall(r'<details class="group"[^>]*>', overdue)
    assert len(groups) == 3  # 東京 × 上長報告, 大阪 × 上長報告, 東京 × 改善の確認
    assert all(" open" not in g for g in groups)  # 50 items: collapsed, counts first
    assert "東京チーム · 対応期限超過の上長報告" in overdue
    assert "40 件" in overdue and "7 件" in overdue and "3 件" in overdue
    # SLA breaches come first, and only the first rows of a group are on the page.
    assert overdue.index("対応期限超過の上長報告") < overdue.index("改善の確認")
    assert overdue.count('class="followup overdue"') == GROUP_PREVIEW + 5 + 3
    assert "40 件をすべて表示" in overdue
    assert "?show=overdue&amp;kind=sla_breach_escalation&amp;team=" in overdue


def test_a_short_list_is_shown_open(client, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    add_followups(case, 2, kind="verification_check")
    client.force_login(operator_a)
    body = client.get(reverse("today")).content.decode()
    assert re.search(r'<details class="group"[^>]* open>', section(body, "overdue"))
    assert "東京チーム" not in section(body, "overdue")  # one team: the kind says it all


def test_a_group_on_its_own_page_is_paginated(client, sv_both, operator_a):
    tokyo = make_case(operator_a, assignee=operator_a)
    add_followups(tokyo, PAGE_SIZE + 4, kind=SLA, owner=sv_both)
    client.force_login(sv_both)
    url = f"{reverse('today')}?show=overdue&kind={SLA}&team={tokyo.team_id}"
    first = client.get(url).content.decode()
    assert first.count('class="followup overdue"') == PAGE_SIZE
    assert f"{PAGE_SIZE + 4} 件" in first
    assert "1 / 2" in first
    assert "今日の予定に戻る" in first
    second = client.get(url + "&page=2").content.decode()
    assert second.count('class="followup overdue"') == 4
    # Completing from that page comes back to it.
    assert 'name="next" value="/today/?show=overdue' in second


@pytest.mark.parametrize(
    "query",
    [
        "show=nothing",
        "show=overdue&kind=nothing",
        "show=overdue&team=abc",
        "show=overdue&team=-1",
        "show=overdue&page=１",
        "show=breaches",  # an operator has no team sections
    ],
)
def test_a_list_that_does_not_exist_answers_404(client, operator_a, query):
    client.force_login(operator_a)
    assert client.get(f"{reverse('today')}?{query}").status_code == 404


def test_an_operators_overdue_count_includes_her_sla_breached_cases(
    client, operator_a, supervisor_a
):
    from kamitaiou.followups.sla import escalate_breaches

    make_case(
        operator_a,
        assignee=operator_a,
        title="返事のない件",
        opened_at=timezone.now() - timedelta(days=10),
    )
    escalate_breaches(now=timezone.now())
    breaches = FollowUp.objects.filter(kind=SLA, case__assignee=operator_a)
    assert breaches.count() == 2  # first response and resolution
    assert set(breaches.values_list("owner", flat=True)) == {supervisor_a.pk}

    client.force_login(operator_a)
    body = client.get(reverse("today")).content.decode()
    assert count_of(body, "overdue") == 2
    overdue = section(body, "overdue")
    assert "返事のない件" in overdue
    assert "上長に報告済みです。すぐにお客様へ対応してください。" in overdue
    assert "完了にする" not in overdue  # the supervisor closes the escalation
    badge = client.get(reverse("today_badge")).content.decode()
    assert ">2<" in badge

    client.force_login(supervisor_a)
    body = client.get(reverse("today")).content.decode()
    assert count_of(body, "overdue") == 2
    assert "完了にする" in section(body, "overdue")


def test_the_today_page_takes_the_same_queries_for_five_items_or_five_hundred(
    client, sv_both, operator_a, operator_b, django_assert_max_num_queries
):
    tokyo = make_case(operator_a, assignee=operator_a)
    osaka = make_case(operator_b, assignee=operator_b)
    add_followups(tokyo, 1, kind=SLA, owner=sv_both)  # mine, overdue
    add_followups(tokyo, 1, due_in=timedelta(minutes=1), owner=sv_both)  # mine, today-ish
    add_followups(tokyo, 1, due_in=timedelta(days=2), owner=sv_both)  # mine, upcoming
    add_followups(osaka, 1, kind=SLA)  # a team breach owned by nobody in particular
    add_followups(osaka, 1)  # team overdue
    client.force_login(sv_both)
    # session, user, 2 per section, the person's teams, the header's 2 counts, the
    # undelivered-reminders count
    with django_assert_max_num_queries(16) as few:
        assert client.get(reverse("today")).status_code == 200
    for case in (tokyo, osaka):
        for kind in (SLA, "verification_check", "progress_report", "visit"):
            add_followups(case, 30, kind=kind, owner=sv_both)
            add_followups(case, 30, kind=kind)
        add_followups(case, 20, due_in=timedelta(days=3), owner=sv_both)
    assert FollowUp.objects.count() > 500
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("today"))
    body = response.content.decode()
    assert body.count('class="followup') <= 5 * GROUP_PREVIEW * 2 * 4 + 5
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{reverse('today')}?show=team_overdue&page=3").status_code == 200
