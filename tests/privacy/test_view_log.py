"""The view log: who opened which case and customer page, visible to admins only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kamitaiou.privacy.models import ViewKind, ViewLogError, ViewRecord


def test_an_operators_view_of_a_case_shows_up_in_the_log_for_an_admin(
    client, case_a, operator_a, admin_user
):
    client.force_login(operator_a)
    assert client.get(reverse("case_detail", args=[case_a.pk])).status_code == 200
    assert client.get(reverse("customer_detail", args=[case_a.customer_id])).status_code == 200
    entries = list(ViewRecord.objects.order_by("id").values_list("user", "kind", "case_id"))
    assert entries == [
        (operator_a.pk, ViewKind.CASE, case_a.pk),
        (operator_a.pk, ViewKind.CUSTOMER, None),
    ]
    client.force_login(admin_user)
    page = client.get(reverse("view_log"), {"case": case_a.pk})
    assert page.status_code == 200
    body = page.content.decode()
    assert "op_a" in body and f"#{case_a.pk}" in body


def test_non_admins_cannot_see_the_view_log(client, operator_a, supervisor_a):
    for user in (operator_a, supervisor_a):
        client.force_login(user)
        assert client.get(reverse("view_log")).status_code == 404


def test_the_view_log_needs_a_login(client):
    response = client.get(reverse("view_log"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_missing_or_other_teams_case_is_not_logged(client, case_b, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("case_detail", args=[case_b.pk])).status_code == 404
    assert client.get("/cases/999999/").status_code == 404
    assert not ViewRecord.objects.exists()


def test_the_log_filters_by_user_customer_and_date_and_pages_with_a_cursor(
    client, case_a, operator_a, rep_a, admin_user, settings
):
    for n in range(60):
        ViewRecord.objects.create(
            user=operator_a if n % 2 else rep_a, kind=ViewKind.CASE, case_id=case_a.pk
        )
    ViewRecord.objects.create(user=rep_a, kind=ViewKind.CUSTOMER, customer_id=case_a.customer_id)
    client.force_login(admin_user)
    first = client.get(reverse("view_log"))
    assert first.status_code == 200
    assert first.context["older"] is not None and len(first.context["rows"]) == 50
    older = client.get(reverse("view_log"), {"before": first.context["older"]})
    assert len(older.context["rows"]) == 11 and older.context["older"] is None
    mine = client.get(reverse("view_log"), {"user": "op_a"})
    assert {row.user_id for row in mine.context["rows"]} == {operator_a.pk}
    customer = client.get(reverse("view_log"), {"customer": case_a.customer_id})
    assert [row.kind for row in customer.context["rows"]] == [ViewKind.CUSTOMER]
    today = timezone.localdate().isoformat()
    assert len(client.get(reverse("view_log"), {"since": today}).context["rows"]) == 50
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get(reverse("view_log"), {"since": tomorrow}).context["rows"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"case": "²"},
        {"customer": "99999999999999999999999"},
        {"since": "2026-13-01"},
        {"since": "2026-12-02", "until": "2026-12-01"},
        {"until": "9999-12-31"},
        {"before": "²"},
    ],
)
def test_bad_filters_are_form_errors_not_500s(client, admin_user, query):
    client.force_login(admin_user)
    response = client.get(reverse("view_log"), query)
    assert response.status_code in (200, 400)
    if "before" not in query:
        assert response.status_code == 400 and response.context["form"].errors


def test_the_log_is_append_only_and_pruned_past_its_retention(operator_a, settings):
    old = ViewRecord.objects.create(user=operator_a, kind=ViewKind.CASE, case_id=1)
    ViewRecord.objects.filter(pk=old.pk)  # reading is fine
    with pytest.raises(ViewLogError):
        ViewRecord.objects.filter(pk=old.pk).update(case_id=2)
    with pytest.raises(ViewLogError):
        ViewRecord.objects.all().delete()
    with pytest.raises(ViewLogError):
        old.save()
    stale = ViewRecord(user=operator_a, kind=ViewKind.CASE, case_id=1)
    stale.at = timezone.now() - timedelta(days=800)
    stale.save()
    settings.KAMITAIOU_VIEW_LOG_DAYS = 730
    call_command("prune_view_log")
    assert list(ViewRecord.objects.values_list("pk", flat=True)) == [old.pk]
