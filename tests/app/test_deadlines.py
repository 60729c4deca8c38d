"""A customer's deadline in the inbox: a past one reads 期限超過, a future one 期限."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.models import Case
from tests.conftest import make_case


def with_deadline(case, delta):
    due = timezone.now() + delta
    Case.objects.filter(pk=case.pk).update(due_at=due, inbox_due=due)
    return Case.objects.get(pk=case.pk)


def badge_of(body, title):
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{title}(?:(?!</tr>).)*</tr>", body, re.S)
    assert row, title
    return row.group(0)


def test_a_past_customer_deadline_is_marked_past_due_in_the_inbox(client, operator_a):
    with_deadline(
        make_case(operator_a, assignee=operator_a, title="昨日までの件"), -timedelta(days=1)
    )
    with_deadline(
        make_case(operator_a, assignee=operator_a, title="来週までの件"), timedelta(days=7)
    )
    client.force_login(operator_a)
    body = client.get(reverse("inbox")).content.decode()
    past, future = badge_of(body, "昨日までの件"), badge_of(body, "来週までの件")
    assert 'class="badge past-due"' in past and "期限超過" in past
    assert 'class="badge due"' in future and "期限超過" not in future


def test_a_closed_case_is_not_past_due(operator_a):
    case = with_deadline(make_case(operator_a, title="終わった件"), -timedelta(days=1))
    assert case.deadline_passed
    case.closed_at = timezone.now()
    assert not case.deadline_passed
    case.closed_at, case.due_at = None, None
    assert not case.deadline_passed


def test_the_case_page_shows_the_customers_deadline_and_marks_a_past_one(client, operator_a):
    past = with_deadline(make_case(operator_a, title="昨日までの件"), -timedelta(days=1))
    future = with_deadline(make_case(operator_a, title="来週までの件"), timedelta(days=7))
    client.force_login(operator_a)
    for case, marked in ((past, True), (future, False)):
        body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
        due = re.search(r'<dd class="case-due">(.*?)</dd>', body, re.S)
        assert due, case.title
        shown = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")
        assert shown in due.group(1)
        assert ("期限超過" in due.group(1)) is marked


def test_a_case_without_a_deadline_shows_none(client, operator_a):
    case = make_case(operator_a, title="期限のない件")
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'class="case-due"' not in body
