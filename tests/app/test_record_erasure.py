"""Erasure (APPI) keeps the record verifiable; retention; re-sealing legacy records;
the sealing helpers other apps use (decision 0022)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import ActionError, do_add_interaction, do_change_stage
from kamitaiou.cases.erasure import PLACEHOLDER, do_erase_customer
from kamitaiou.cases.models import (
    Case,
    CaseEvent,
    Contract,
    Customer,
    ErasedItem,
    Erasure,
    Escalation,
    HarassmentIncident,
    Interaction,
    RecordLedger,
)
from kamitaiou.cases.record import GENESIS, legacy_event_hash
from kamitaiou.cases.reseal import reseal_legacy
from kamitaiou.cases.sealing import register_check, seal_row, unregister_check
from kamitaiou.cases.verify import verify_records
from tests.conftest import make_case, make_customer
from tests.walks import outcome


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, list(params))


@pytest.fixture
def customer(operator_a):
    customer = make_customer(
        operator_a.teams.first(), "田中 一郎", phone="090-1234-5678", email="tanaka@example.jp"
    )
    Contract.objects.create(customer=customer, product="保守契約", start_date=date(2024, 1, 1))
    make_case(
        operator_a,
        customer=customer,
        title="田中様 返金のご要望",
        first_message="田中です。弁護士に相談します。お前みたいなクズは土下座しろ。",
    )
    case = make_case(operator_a, customer=customer, kind="after_follow", title="田中様 訪問")
    ma.do_set_background(operator_a, case, text="田中様のご家族から紹介")
    return customer


def test_an_erasure_replaces_the_texts_and_the_record_still_verifies(customer, admin_user):
    assert verify_records().problems == []
    erasure = do_erase_customer(admin_user, customer, reason="ご本人からの削除請求（2026-12-01）")
    customer.refresh_from_db()
    assert customer.name == PLACEHOLDER and customer.phone == "" and customer.email == ""
    assert set(Interaction.objects.values_list("text", flat=True)) == {PLACEHOLDER}
    assert set(Case.objects.values_list("title", flat=True)) == {PLACEHOLDER}
    assert Escalation.objects.get().reason == PLACEHOLDER
    assert HarassmentIncident.objects.get().what_was_said == PLACEHOLDER
    assert "田中" not in str(list(CaseEvent.objects.values_list("data", flat=True)))
    report = verify_records()
    assert report.problems == []
    assert len(report.erasures) == 2
    assert "ご本人からの削除請求" in report.erasures[0] and "admin" in report.erasures[0]
    assert erasure.summary["cases"] == 2 and erasure.summary["interactions"] == 1


def test_the_verify_command_reports_what_was_erased_when_by_whom_and_why(
    customer, admin_user, capsys
):
    do_erase_customer(admin_user, customer, reason="削除請求")
    call_command("verify_records")
    out = capsys.readouterr().out
    assert "erased: case" in out and "削除請求" in out and "by admin" in out
    assert "2 erasure(s) on the record" in out


def test_an_erased_text_changed_afterwards_is_detected(customer, admin_user):
    do_erase_customer(admin_user, customer, reason="削除請求")
    sql("UPDATE cases_interaction SET text = %s", "書き戻し")
    assert any("changed after its erasure" in p for p in verify_records().problems)


def test_an_erasure_marker_forged_in_the_database_is_detected(customer, admin_user, operator_a):
    do_erase_customer(admin_user, customer, reason="削除請求")
    other = make_case(operator_a, first_message="別のお客様の声")
    interaction = other.interactions.get()
    item = ErasedItem.objects.first()
    ErasedItem.objects.create(
        erasure=item.erasure,
        case_id=other.pk,
        item="interaction",
        object_id=interaction.pk,
        original_digest="0" * 64,
        erased_digest="0" * 64,
    )
    sql("UPDATE cases_interaction SET text = %s WHERE id = %s", PLACEHOLDER, interaction.pk)
    found = verify_records().problems
    assert any("no erasure of it is on the record" in p for p in found), found


def test_only_an_admin_erases_and_only_with_a_reason(customer, supervisor_a, admin_user):
    with pytest.raises(ActionError, match="管理者"):
        do_erase_customer(supervisor_a, customer, reason="請求")
    with pytest.raises(ActionError, match="理由"):
        do_erase_customer(admin_user, customer, reason="  ")
    assert not Erasure.objects.exists()


def test_an_admin_erases_a_customer_from_the_admin_after_confirming(customer, client, admin_user):
    client.force_login(admin_user)
    url = "/admin/cases/customer/"
    page = client.post(url, {"action": "erase_personal_data", "_selected_action": [customer.pk]})
    assert page.status_code == 200
    assert "削除" in page.content.decode() or "Erase" in page.content.decode()
    refused = client.post(
        url,
        {
            "action": "erase_personal_data",
            "_selected_action": [customer.pk],
            "confirm_erasure": "1",
            "reason": "ご本人の請求",
        },
    )
    assert refused.status_code == 200  # the confirmation box was not ticked
    assert not Erasure.objects.exists()
    done = client.post(
        url,
        {
            "action": "erase_personal_data",
            "_selected_action": [customer.pk],
            "confirm_erasure": "1",
            "reason": "ご本人の請求",
            "confirm": "on",
        },
    )
    assert done.status_code == 302
    assert Erasure.objects.get().erased_by == admin_user
    assert verify_records().problems == []


def test_retention_lists_then_erases_customers_closed_long_ago(customer, operator_a, capsys):
    for case in customer.cases.all():
        ma.do_record_outcome(operator_a, case, outcome=outcome())
    Case.objects.filter(customer=customer).update(
        closed_at=timezone.now() - timedelta(days=365 * 6)
    )
    recent = make_customer(operator_a.teams.first(), "最近 太郎")
    make_case(operator_a, customer=recent)
    sql("UPDATE cases_case SET closed_at = %s WHERE customer_id = %s", timezone.now(), recent.pk)
    call_command("retention", anonymise_closed_after=5, dry_run=True)
    out = capsys.readouterr().out
    assert f"would erase customer {customer.pk}" in out and "最近" not in out
    assert not Erasure.objects.exists()
    call_command("retention", anonymise_closed_after=5)
    assert Erasure.objects.get().source == "retention"
    assert Customer.objects.get(pk=recent.pk).name == "最近 太郎"
    # the closing dates were set by hand above: only those differ from the record
    assert not [p for p in verify_records().problems if "closed" not in p and "stage" not in p]


def _make_legacy(case):
    """Turn ``case``'s record back into the unkeyed chain of before decision 0022."""
    prev = GENESIS
    for event in CaseEvent.objects.filter(case=case).order_by("seq"):
        event.prev_hash = prev
        interaction = Interaction.objects.filter(pk=event.interaction_id).first()
        new = legacy_event_hash(event, interaction=interaction)
        sql(
            "UPDATE cases_caseevent SET prev_hash = %s, hash = %s, ledger_seq = NULL, "
            "ledger_prev = '' WHERE id = %s",
            prev,
            new,
            event.pk,
        )
        prev = new
    sql("UPDATE cases_case SET record_head = %s WHERE id = %s", prev, case.pk)


def test_legacy_records_are_resealed_and_a_broken_one_is_left_reported(operator_a):
    intact = make_case(operator_a, first_message="先週から壊れています。")
    broken = make_case(operator_a, first_message="請求額が違います。")
    for case in (intact, broken):
        _make_legacy(case)
    RecordLedger.objects.all().delete()
    sql("UPDATE cases_interaction SET text = %s WHERE case_id = %s", "改ざん", broken.pk)
    report = reseal_legacy(apps)
    assert report.resealed == 1 and report.broken == [broken.pk]
    assert CaseEvent.objects.filter(case=intact, kind="resealed").count() == 1
    found = verify_records().problems
    assert found and all(f"case {broken.pk}" in p for p in found), found
    assert any("not sealed under the record key" in p for p in found)


def test_another_app_seals_its_rows_and_adds_its_own_check(operator_a):
    case = make_case(operator_a, first_message="お前みたいなクズは土下座しろ。")
    incident = HarassmentIncident.objects.get(case=case)
    locked = Case.objects.get(pk=case.pk)
    seal_row(locked, row=incident, actor=operator_a, data={"incident": incident.pk})
    locked.save(update_fields=["record_seq", "record_head"])
    assert verify_records().problems == []
    register_check("test.extra", lambda ids: [f"case {i}: extra" for i in ids])
    try:
        assert verify_records().problems == [f"case {case.pk}: extra"]
    finally:
        unregister_check("test.extra")


def test_a_new_contract_and_a_closing_keep_the_record_verifying(operator_a, supervisor_a):
    from kamitaiou.followups.actions import do_add_contract

    customer = make_customer(operator_a.teams.first())
    case = make_case(operator_a, customer=customer, kind="after_follow")
    do_add_contract(operator_a, customer, product="新契約", start_date=date(2026, 12, 1))
    ma.do_record_outcome(operator_a, case, outcome=outcome())
    do_add_interaction(
        operator_a,
        case,
        direction="out",
        channel="phone",
        text="ご連絡しました",
        occurred_at=timezone.now(),
    )
    with pytest.raises(ActionError):
        do_change_stage(operator_a, case, target="nonexistent")
    assert verify_records().problems == []


def test_a_key_rotation_reseals_everything_including_erasures(
    customer, admin_user, operator_a, settings, tmp_path
):
    do_erase_customer(admin_user, customer, reason="削除請求")
    make_case(operator_a, first_message="別件です。")
    old = tmp_path / "old-key"
    old.write_text(settings.KAMITAIOU_RECORD_KEY)
    settings.KAMITAIOU_RECORD_KEY = "the-new-record-key-after-rotation"
    assert "sealed with another key" in verify_records().problems[0]
    call_command("seal_records", old_key_file=str(old))
    report = verify_records()
    assert report.problems == []
    assert len(report.erasures) == 2
    assert CaseEvent.objects.filter(kind="resealed").count() == Case.objects.count()


def test_a_key_rotation_refuses_a_record_that_does_not_verify(operator_a, settings, tmp_path):
    from django.core.management.base import CommandError

    case = make_case(operator_a, first_message="壊れています。")
    sql("UPDATE cases_case SET title = %s WHERE id = %s", "改ざん", case.pk)
    old = tmp_path / "old-key"
    old.write_text(settings.KAMITAIOU_RECORD_KEY)
    settings.KAMITAIOU_RECORD_KEY = "the-new-record-key-after-rotation"
    with pytest.raises(CommandError, match="nothing was re-sealed"):
        call_command("seal_records", old_key_file=str(old))
