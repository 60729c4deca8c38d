"""保有個人データの開示: everything held on one customer, JSON and a printable document,
for admins and the customer's supervisors; the export is recorded on each case."""

from __future__ import annotations

import json
from datetime import date

from django.core.management import CommandError, call_command
from django.urls import reverse

from kamitaiou.cases.customer_edits import do_create_contract
from kamitaiou.cases.models import CaseEvent, EventKind
from kamitaiou.cases.record import verify_case
from kamitaiou.privacy.models import ViewKind, ViewRecord
from tests.conftest import make_case


def disclose(client, user, customer_id, fmt):
    client.force_login(user)
    return client.post(reverse("disclose_customer", args=[customer_id]), {"format": fmt})


def test_a_supervisor_exports_everything_held_on_a_customer_as_json(
    client, case_a, operator_a, supervisor_a
):
    # through the action, so the contract is on the record (a raw row would not verify)
    do_create_contract(
        operator_a,
        case_a.customer,
        product="ウォーターサーバーレンタル",
        start_date=date(2026, 4, 1),
    )
    second = make_case(
        operator_a, customer=case_a.customer, title="二件目", first_message="返金して"
    )
    response = disclose(client, supervisor_a, case_a.customer_id, "json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = json.loads(response.content)
    assert doc["customer"]["name"] == case_a.customer.name
    assert [c["product"] for c in doc["contracts"]] == ["ウォーターサーバーレンタル"]
    assert [c["title"] for c in doc["cases"]] == [case_a.title, "二件目"]
    first = doc["cases"][0]["interactions"][0]
    assert first["text"] == "先週修理に来てもらったのに、また紙詰まりです。"
    assert {"channel", "direction", "occurred_at"} <= set(first)
    assert first["reading"] is not None  # the analyzer's reading of an inbound message
    assert doc["cases"][1]["record"][0]["kind"] == EventKind.CREATED
    assert "search_key" not in doc["customer"]
    assert doc["export"]["format"] == "json"
    for case in (case_a, second):
        last = CaseEvent.objects.filter(case=case).order_by("-seq").first()
        assert last.kind == EventKind.DISCLOSED and last.actor == supervisor_a
        assert verify_case(case) == []
    assert ViewRecord.objects.filter(
        user=supervisor_a, kind=ViewKind.EXPORT, customer_id=case_a.customer_id
    ).exists()


def test_the_printable_document_is_japanese_and_shows_the_contacts(client, case_a, admin_user):
    response = disclose(client, admin_user, case_a.customer_id, "html")
    assert response.status_code == 200
    body = response.content.decode()
    assert "保有個人データの開示" in body
    assert "先週修理に来てもらったのに、また紙詰まりです。" in body
    assert case_a.customer.name in body
    assert "disclosure.css" in body


def test_the_customer_page_offers_the_export_to_supervisors_and_not_to_operators(
    client, case_a, operator_a, supervisor_a
):
    url = reverse("customer_detail", args=[case_a.customer_id])
    client.force_login(supervisor_a)
    assert (
        reverse("disclose_customer", args=[case_a.customer_id]) in client.get(url).content.decode()
    )
    client.force_login(operator_a)
    assert "disclosure" not in client.get(url).content.decode()


def test_operators_cannot_export_and_other_teams_customers_are_404(
    client, case_a, case_b, operator_a, supervisor_a
):
    assert disclose(client, operator_a, case_a.customer_id, "json").status_code == 403
    assert disclose(client, supervisor_a, case_b.customer_id, "json").status_code == 404
    assert not CaseEvent.objects.filter(kind=EventKind.DISCLOSED).exists()


def test_a_bad_format_is_a_400_and_records_nothing(client, case_a, supervisor_a):
    for fmt in ("pdf", "", "²"):
        assert disclose(client, supervisor_a, case_a.customer_id, fmt).status_code == 400
    assert not CaseEvent.objects.filter(kind=EventKind.DISCLOSED).exists()


def test_the_export_page_refuses_get(client, case_a, supervisor_a):
    client.force_login(supervisor_a)
    url = reverse("disclose_customer", args=[case_a.customer_id])
    assert client.get(url).status_code == 405


def test_the_command_writes_the_document_and_records_it(case_a, tmp_path):
    target = tmp_path / "c.json"
    call_command(
        "export", "customer", str(case_a.customer_id), "--format", "json", "--output", str(target)
    )
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["cases"][0]["id"] == case_a.pk
    event = CaseEvent.objects.filter(case=case_a).order_by("-seq").first()
    assert event.kind == EventKind.DISCLOSED and event.actor is None
    html = tmp_path / "c.html"
    call_command(
        "export", "customer", str(case_a.customer_id), "--format", "html", "--output", str(html)
    )
    assert case_a.title in html.read_text(encoding="utf-8")


def test_the_command_refuses_bad_input_in_one_line(case_a, tmp_path):
    for args, message in [
        (["customer", "²", "--format", "json"], "no such customer"),
        (["customer", "999999", "--format", "json"], "no such customer"),
        (["customer", str(case_a.customer_id), "--format", "csv"], "json or html"),
        (["customer", "--format", "json"], "give the customer"),
        (["cases", "7", "--format", "csv"], "unexpected argument"),
        (["cases", "--format", "json"], "csv or xlsx"),
    ]:
        try:
            call_command("export", *args, "--output", str(tmp_path / "x"))
        except CommandError as exc:
            assert message in str(exc)
        else:
            raise AssertionError(args)
