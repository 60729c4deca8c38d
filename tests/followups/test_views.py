"""The today page, completing and skipping from the browser, the case panel."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kamitaiou.followups.models import FollowUp, SlaPause
from tests.conftest import make_case
from tests.followups.conftest import accept_demand, walk_complaint_to_executing


def login(client, user):
    client.force_login(user)
    return client


def planned(user, *, due_in=timedelta(hours=2), **fields):
    case = make_case(user, assignee=user, **fields)
    walk_complaint_to_executing(user, case)
    row = case.followups.get()
    FollowUp.objects.filter(pk=row.pk).update(due_at=timezone.now() + due_in)
    return FollowUp.objects.get(pk=row.pk)


def test_today_shows_overdue_then_today_then_upcoming(client, operator_a):
    overdue = planned(operator_a, due_in=-timedelta(hours=30), title="遅れている件")
    upcoming = planned(operator_a, due_in=timedelta(days=3), title="来週の件")
    far = planned(operator_a, due_in=timedelta(days=30), title="来月の件")
    body = login(client, operator_a).get(reverse("today")).content.decode()
    assert body.index(overdue.case.title) < body.index(upcoming.case.title)
    assert far.case.title not in body
    assert "期限切れ" in body
    assert "今後7日間" in body


def test_today_shows_only_followups_of_visible_cases(client, operator_a, operator_b):
    planned(operator_a, due_in=-timedelta(hours=1), title="東京の件")
    planned(operator_b, due_in=-timedelta(hours=1), title="大阪の件")
    body = login(client, operator_a).get(reverse("today")).content.decode()
    assert "東京の件" in body
    assert "大阪の件" not in body


def test_supervisor_sees_team_overdue_and_breaches(client, operator_a, supervisor_a, operator_b):
    from kamitaiou.followups.sla import escalate_breaches

    planned(operator_a, due_in=-timedelta(hours=1), title="担当者の遅れ")
    make_case(operator_a, title="返事のない件", opened_at=timezone.now() - timedelta(days=10))
    planned(operator_b, due_in=-timedelta(hours=1), title="他チームの遅れ")
    escalate_breaches(now=timezone.now())
    body = login(client, supervisor_a).get(reverse("today")).content.decode()
    assert "担当者の遅れ" in body
    assert "返事のない件" in body
    assert "対応期限超過" in body
    assert "他チームの遅れ" not in body


def test_today_query_count_does_not_grow(client, operator_a, django_assert_max_num_queries):
    login(client, operator_a)
    for due_in in (-timedelta(hours=1), timedelta(hours=5)):
        planned(operator_a, due_in=due_in)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("today"))
    for _ in range(15):
        planned(operator_a, due_in=timedelta(hours=5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("today"))
    assert response.status_code == 200


def test_today_needs_login_and_get(client, operator_a):
    assert client.get(reverse("today")).status_code == 302
    assert login(client, operator_a).post(reverse("today")).status_code == 405


def test_complete_from_the_today_page(client, operator_a):
    row = planned(operator_a)
    response = login(client, operator_a).post(
        reverse("followup_complete", args=[row.pk]),
        {f"f{row.pk}-improved": "yes", f"f{row.pk}-note": "直りました", "next": "/today/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    row.refresh_from_db()
    assert (row.status, row.result_note, row.done_by) == ("done", "直りました", operator_a)


def test_complete_without_the_answer_is_a_400_in_japanese(client, operator_a):
    row = planned(operator_a)
    response = login(client, operator_a).post(reverse("followup_complete", args=[row.pk]), {})
    assert response.status_code == 400
    assert "改善したかどうかを選んでください" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "open"


def test_garbage_input_is_a_400_not_a_500(client, operator_a, rep_a):
    row = planned(operator_a)
    login(client, operator_a)
    url = reverse("followup_complete", args=[row.pk])
    assert client.post(url, {f"f{row.pk}-improved": "maybe"}).status_code == 400
    assert client.post(url, {f"f{row.pk}-note": "x" * 5000}).status_code == 400
    demand = make_case(rep_a, kind="unreasonable_demand", assignee=rep_a)
    accept_demand(rep_a, demand)
    report = demand.followups.get()
    response = login(client, rep_a).post(
        reverse("followup_complete", args=[report.pk]), {f"f{report.pk}-channel": "fax"}
    )
    assert response.status_code == 400
    assert "ご報告した内容を入力してください" in response.content.decode()
    assert client.get("/followups/99999999999999999999/").status_code == 404


def test_skip_needs_a_reason(client, operator_a):
    row = planned(operator_a)
    login(client, operator_a)
    response = client.post(reverse("followup_skip", args=[row.pk]), {f"s{row.pk}-note": " "})
    assert response.status_code == 400
    assert "スキップする理由を入力してください" in response.content.decode()
    response = client.post(
        reverse("followup_skip", args=[row.pk]), {f"s{row.pk}-note": "お客様ご不在"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.status, row.result_note) == ("skipped", "お客様ご不在")


def test_other_team_cannot_complete_or_skip(client, operator_a, operator_b):
    row = planned(operator_a)
    login(client, operator_b)
    assert client.post(reverse("followup_complete", args=[row.pk]), {}).status_code == 404
    assert client.post(reverse("followup_skip", args=[row.pk]), {}).status_code == 404
    assert client.get(reverse("followup_detail", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.status == "open"


def test_complete_and_skip_reject_get(client, operator_a):
    row = planned(operator_a)
    login(client, operator_a)
    assert client.get(reverse("followup_complete", args=[row.pk])).status_code == 405
    assert client.get(reverse("followup_skip", args=[row.pk])).status_code == 405


def test_next_never_leaves_the_site(client, operator_a):
    row = planned(operator_a)
    response = login(client, operator_a).post(
        reverse("followup_complete", args=[row.pk]),
        {f"f{row.pk}-improved": "no", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/today/"


def test_badge_counts_what_is_due_today(client, operator_a):
    planned(operator_a, due_in=-timedelta(hours=1))
    planned(operator_a, due_in=timedelta(days=5))
    body = login(client, operator_a).get(reverse("today_badge")).content.decode()
    assert ">1<" in body


def test_case_page_shows_sla_and_open_followups(client, operator_a):
    row = planned(operator_a)
    body = login(client, operator_a).get(reverse("case_detail", args=[row.case_id])).content
    text = body.decode()
    assert "フォローアップと対応期限" in text
    assert "初回対応" in text
    assert row.title in text
    assert reverse("followup_complete", args=[row.pk]) in text


def test_pause_and_resume_from_the_case_page(client, operator_a, operator_b):
    case = make_case(operator_a, assignee=operator_a)
    login(client, operator_a)
    assert client.post(reverse("sla_pause", args=[case.pk])).status_code == 302
    assert SlaPause.objects.get(case=case).end is None
    response = client.post(reverse("sla_pause", args=[case.pk]))
    assert response.status_code == 400
    assert "すでに" in response.content.decode()
    assert client.post(reverse("sla_resume", args=[case.pk])).status_code == 302
    assert SlaPause.objects.get(case=case).end is not None
    login(client, operator_b)
    assert client.post(reverse("sla_pause", args=[case.pk])).status_code == 404


def test_cadence_form_rejects_bad_hours_in_japanese(client, rep_a):
    case = make_case(rep_a, kind="unreasonable_demand", assignee=rep_a)
    accept_demand(rep_a, case)
    login(client, rep_a)
    response = client.post(reverse("progress_cadence", args=[case.pk]), {"hours": "abc"})
    assert response.status_code == 400
    assert "時間数を整数で入力してください" in response.content.decode()
    response = client.post(reverse("progress_cadence", args=[case.pk]), {"hours": "48"})
    assert response.status_code == 302
    assert case.followup_cadence.hours == 48


def test_new_contract_page_starts_the_after_follow(client, rep_a, operator_b, team_a):
    from tests.conftest import make_customer

    customer = make_customer(team_a, name="田中 花子")
    url = reverse("new_contract", args=[customer.pk])
    login(client, rep_a)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"product": "", "start_date": "2026-13-01"})
    assert bad.status_code == 400
    response = client.post(url, {"product": "業務用エアコン", "start_date": "2026-11-20"})
    assert response.status_code == 302
    case = customer.cases.get()
    assert case.followups.get().kind == "confirm_schedule_call"
    login(client, operator_b)
    assert client.get(url).status_code == 404
