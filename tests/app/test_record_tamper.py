"""An attacker with the database but not the record key: every tampering is found.

Each test does what ``verify-records`` must catch — through raw SQL, as such an attacker
would — and checks the sentence it reports (decision 0022).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_add_interaction
from kamitaiou.cases.models import CaseEvent, Contract, Interaction, RecordLedger
from kamitaiou.cases.record import legacy_event_hash
from kamitaiou.cases.verify import verify_records
from tests.conftest import make_case, make_customer
from tests.walks import accept_demand, outcome


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, list(params))


def problems():
    return verify_records().problems


def only(fragment):
    found = problems()
    assert found, "the tampering was not detected"
    assert any(fragment in p for p in found), found
    return found


@pytest.fixture
def record(operator_a, rep_a):
    """Cases with every kind of sealed row: an escalation and an incident (from the first
    message), an assessment and scope answers, an outcome, a visit, a contract."""
    customer = make_customer(operator_a.teams.first(), "佐藤 花子", phone="03-1111-2222")
    contract = Contract.objects.create(
        customer=customer, product="複合機リース", start_date=date(2025, 4, 1), terms="第5条 保守"
    )
    threat = make_case(
        operator_a,
        customer=customer,
        contract=contract,
        first_message="誠意がないなら弁護士に相談して訴えます。お前みたいなクズは土下座しろ。",
    )
    demand = make_case(rep_a, customer=customer, kind="unreasonable_demand", title="無理な要求")
    accept_demand(rep_a, demand)
    follow = make_case(rep_a, customer=customer, kind="after_follow", title="アフター")
    when = timezone.now() + timedelta(days=2)
    ma.do_plan_visit(rep_a, follow, planned_at=when, confirmed=True, note="先方会議室")
    ma.do_record_outcome(rep_a, follow, outcome=outcome())
    ma.do_set_background(rep_a, follow, text="前任者の説明不足")
    assert problems() == []
    return {"threat": threat, "demand": demand, "follow": follow, "customer": customer}


def test_an_intact_record_verifies_with_its_ledger(record, capsys):
    call_command("verify_records")
    out = capsys.readouterr().out
    assert "OK: 3 case record(s) intact" in out
    assert f"ledger at #{RecordLedger.objects.get().seq}" in out


def test_a_rewritten_message_with_the_unkeyed_chain_recomputed_is_detected(record, operator_a):
    case = record["threat"]
    interaction = do_add_interaction(
        operator_a,
        case,
        direction="out",
        channel="phone",
        text="返金には応じられません。",
        occurred_at=timezone.now(),
    )
    sql(
        "UPDATE cases_interaction SET text = %s WHERE id = %s",
        "全額返金いたします。",
        interaction.pk,
    )
    # the attacker re-computes the whole chain the way the old, unkeyed record did
    prev = "0" * 64
    for event in CaseEvent.objects.filter(case=case).order_by("seq"):
        event.prev_hash = prev
        event_interaction = Interaction.objects.filter(pk=event.interaction_id).first()
        new = legacy_event_hash(event, interaction=event_interaction)
        sql(
            "UPDATE cases_caseevent SET prev_hash = %s, hash = %s WHERE id = %s",
            prev,
            new,
            event.pk,
        )
        prev = new
    sql("UPDATE cases_case SET record_head = %s WHERE id = %s", prev, case.pk)
    found = only(f"case {case.pk}: event #1 was changed")
    assert any("does not follow its predecessor" in p for p in found)  # the ledger links


def test_a_deleted_last_event_with_the_head_rewound_is_detected(record):
    case = record["follow"]
    last = CaseEvent.objects.filter(case=case).order_by("-seq").first()
    before = CaseEvent.objects.get(case=case, seq=last.seq - 1)
    sql("DELETE FROM cases_caseevent WHERE id = %s", last.pk)
    sql(
        "UPDATE cases_case SET record_seq = %s, record_head = %s WHERE id = %s",
        before.seq,
        before.hash,
        case.pk,
    )
    only("ledger: it ends at #")


def test_a_deleted_last_event_with_the_ledger_head_rewound_too_is_caught_by_the_anchor(
    record, tmp_path
):
    anchors = tmp_path / "anchors.jsonl"
    call_command("anchor", output=str(anchors))
    case = record["follow"]
    last = CaseEvent.objects.order_by("-ledger_seq").first()
    assert last.case_id == case.pk
    before = CaseEvent.objects.get(case=case, seq=last.seq - 1)
    sql("DELETE FROM cases_caseevent WHERE id = %s", last.pk)
    sql(
        "UPDATE cases_case SET record_seq = %s, record_head = %s WHERE id = %s",
        before.seq,
        before.hash,
        case.pk,
    )
    sql(
        "UPDATE cases_recordledger SET seq = %s, head = %s WHERE id = 1",
        last.ledger_seq - 1,
        last.ledger_prev,
    )
    assert problems() == []  # consistent without the anchor: only the anchor can tell
    with pytest.raises(CommandError):
        call_command("verify_records", anchor=[str(anchors)])
    from kamitaiou.cases.anchor import check_anchors

    read, found = check_anchors(anchors)
    assert read == 1
    assert "the ledger was cut back behind this anchor" in found[0]


def test_an_intact_ledger_holds_its_anchors(record, tmp_path, capsys):
    anchors = tmp_path / "anchors.jsonl"
    call_command("anchor", output=str(anchors))
    do_add_interaction(
        record["demand"].assignee or record["demand"].team.members.first(),
        record["demand"],
        direction="internal",
        channel="phone",
        text="メモ",
        occurred_at=timezone.now(),
    )
    call_command("anchor", output=str(anchors))
    assert len(anchors.read_text().splitlines()) == 2  # appended, not rewritten
    call_command("verify_records", anchor=[str(anchors)])
    assert "2 anchor(s) held" in capsys.readouterr().out


def test_a_forged_anchor_line_is_reported(record, tmp_path):
    from kamitaiou.cases.anchor import check_anchors

    anchors = tmp_path / "anchors.jsonl"
    call_command("anchor", output=str(anchors))
    line = json.loads(anchors.read_text())
    line["seq"] -= 1
    anchors.write_text(json.dumps(line) + "\n")
    _read, found = check_anchors(anchors)
    assert "its signature does not match the record key" in found[0]


def purge(model, pks, depth=0):
    """Delete rows and everything that refers to them, bypassing every guard (raw SQL)."""
    assert depth < 8
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            continue
        child = relation.related_model
        children = list(
            child._base_manager.filter(**{f"{relation.field.name}__in": pks}).values_list(
                "pk", flat=True
            )
        )
        if children:
            purge(child, children, depth + 1)
    model._base_manager.filter(pk__in=pks)._raw_delete(using="default")


def test_a_deleted_case_leaves_a_gap_in_the_ledger(record):
    from kamitaiou.cases.models import Case

    purge(Case, [record["demand"].pk])
    only("are missing (a case or events deleted)")


@pytest.mark.parametrize(
    ("name", "table", "column", "value", "expected"),
    [
        ("escalation reason", "cases_escalation", "reason", "なし", "escalation"),
        (
            "incident text",
            "cases_harassmentincident",
            "what_was_said",
            "丁寧な口調",
            "harassmentincident",
        ),
        ("scope answer", "cases_scopeanswerrecord", "answer", "当社の責任", "scopeanswerrecord"),
        ("assessment", "cases_demandassessment", "decision", "decline", "demandassessment"),
        ("outcome", "cases_outcomerecord", "trust_after", 5, "outcomerecord"),
        ("visit", "cases_visit", "note", "来社", "visit"),
    ],
)
def test_a_method_record_edited_outside_the_record_is_detected(
    record, name, table, column, value, expected
):
    sql(f"UPDATE {table} SET {column} = %s", value)
    only(f"{expected} ")
    assert any("was changed outside the record" in p for p in problems()), name


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        ("title", "改ざんされた件名", "title"),
        ("kind", "special_request", "kind"),
        ("stage", "closed", "stage"),
        ("background", "書き換え", "background"),
        ("priority", 4, "priority"),
    ],
)
def test_a_case_field_edited_outside_the_record_is_detected(record, column, value, what):
    sql(f"UPDATE cases_case SET {column} = %s WHERE id = %s", value, record["follow"].pk)
    only(f"case {record['follow'].pk}: its {what} was changed outside the record")


def test_a_customer_or_contract_edited_in_the_database_is_detected(record):
    sql("UPDATE cases_customer SET name = %s", "別人")
    only("customer ")
    sql("UPDATE cases_customer SET name = %s", "佐藤 花子")
    assert problems() == []
    sql("UPDATE cases_contract SET terms = %s", "第5条 保守は無償")
    only("contract ")


def test_a_deleted_method_record_is_detected(record):
    sql("DELETE FROM cases_visit")
    only("is missing")


def test_an_admin_edit_of_a_customer_goes_on_every_case_and_verifies(record, client, admin_user):
    customer = record["customer"]
    contract = customer.contracts.get()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/cases/customer/{customer.pk}/change/",
        {
            "name": "佐藤 花子（旧姓 鈴木）",
            "name_kana": "",
            "company": "",
            "phone": "03-1111-2222",
            "email": "",
            "address": "",
            "notes": "",
            "team": customer.team_id,
            "created_at_0": timezone.localtime(customer.created_at).strftime("%Y-%m-%d"),
            "created_at_1": timezone.localtime(customer.created_at).strftime("%H:%M:%S"),
            "contracts-TOTAL_FORMS": "1",
            "contracts-INITIAL_FORMS": "1",
            "contracts-MIN_NUM_FORMS": "0",
            "contracts-MAX_NUM_FORMS": "1000",
            "contracts-0-id": contract.pk,
            "contracts-0-customer": customer.pk,
            "contracts-0-product": "複合機リース",
            "contracts-0-start_date": "2025-04-01",
            "contracts-0-end_date": "",
            "contracts-0-terms": "第5条 保守（改定）",
            "contracts-0-created_at_0": "2025-04-01",
            "contracts-0-created_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CaseEvent.objects.filter(kind="customer_changed").count() == 3
    assert problems() == []


def test_an_admin_edit_of_a_contract_goes_on_the_customers_cases(record, client, admin_user):
    contract = record["customer"].contracts.get()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/cases/contract/{contract.pk}/change/",
        {
            "customer": contract.customer_id,
            "product": "複合機リース",
            "start_date": "2025-04-01",
            "end_date": "",
            "terms": "第6条 新設",
            "created_at_0": "2025-04-01",
            "created_at_1": "09:00:00",
        },
    )
    assert response.status_code == 302
    assert problems() == []


def test_two_swapped_events_are_detected(record):
    case = record["threat"]
    first, second = CaseEvent.objects.filter(case=case).order_by("seq")[1:3]
    sql("UPDATE cases_caseevent SET data = %s WHERE id = %s", json.dumps(second.data), first.pk)
    sql("UPDATE cases_caseevent SET data = %s WHERE id = %s", json.dumps(first.data), second.pk)
    only(f"case {case.pk}: event #{first.seq} was changed")


def test_two_events_swapped_in_order_are_detected(record):
    case = record["demand"]
    first, second = CaseEvent.objects.filter(case=case).order_by("seq")[2:4]
    sql("UPDATE cases_caseevent SET seq = %s WHERE id = %s", 9999, first.pk)
    sql("UPDATE cases_caseevent SET seq = %s WHERE id = %s", first.seq, second.pk)
    sql("UPDATE cases_caseevent SET seq = %s WHERE id = %s", second.seq, first.pk)
    only("does not follow its predecessor")


def test_a_changed_record_key_is_named_as_such(record, settings):
    settings.KAMITAIOU_RECORD_KEY = "another-key-entirely"
    found = problems()
    assert "the record was sealed with another key" in found[0]


def test_the_ledger_does_not_fork_under_concurrent_appends(transactional_db, operator_a):
    import threading
    import time

    from django.db import OperationalError, close_old_connections

    cases = [make_case(operator_a, title=f"並行{n}") for n in range(4)]
    errors: list[BaseException] = []

    def writer(case):
        try:
            for n in range(5):
                for _attempt in range(2000):
                    try:
                        do_add_interaction(
                            operator_a,
                            case,
                            direction="internal",
                            channel="phone",
                            text=f"メモ{n}",
                            occurred_at=timezone.now(),
                        )
                        break
                    except OperationalError:  # SQLite's shared-cache test database: retry
                        time.sleep(0.005)
                        continue
                else:
                    raise AssertionError("the database stayed locked")
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(CaseEvent.objects.values_list("ledger_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert Interaction.objects.filter(text__startswith="メモ").count() == 20
    assert verify_records().problems == []


def test_customer_and_contract_edits_through_the_actions_go_on_every_case(record, operator_a):
    from kamitaiou.cases.customer_edits import do_update_contract, do_update_customer

    customer = record["customer"]
    do_update_customer(operator_a, customer, changes={"phone": "03-9999-0000"})
    do_update_contract(operator_a, customer.contracts.get(), changes={"terms": "第5条 改定"})
    changed = CaseEvent.objects.filter(kind="customer_changed").order_by("pk")
    assert changed.count() == 6
    assert changed.first().data["fields"] == ["phone"]
    assert "03-9999-0000" not in str(changed.first().data)  # digests, not the values
    assert problems() == []
