"""The index is kept in step in the action's transaction, and ``reindex`` rebuilds it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from kamitaiou.cases import events
from kamitaiou.cases.actions import ActionError
from kamitaiou.search.models import SearchDocument, Source
from tests.conftest import make_case
from tests.search.conftest import add_message, found_cases, found_customers, new_customer


def test_a_new_case_its_first_message_and_its_customer_are_indexed_at_once(fridge_case):
    docs = SearchDocument.objects.filter(case=fridge_case)
    assert sorted(docs.values_list("source", flat=True)) == [
        Source.INTERACTION,
        Source.INTERACTION,
        Source.INTERACTION,
        Source.TITLE,
    ]
    assert (
        SearchDocument.objects.filter(source=Source.CUSTOMER, customer=fridge_case.customer).count()
        == 1
    )


def test_an_interaction_is_indexed_in_the_actions_transaction(fridge_case, operator_a):
    def refuse(recorded):
        raise ActionError("refused after the index was written")

    events.subscribe(events.InteractionRecorded, refuse)
    try:
        with pytest.raises(ActionError):
            add_message(operator_a, fridge_case, "炊飯器も壊れました")
    finally:
        events.unsubscribe(events.InteractionRecorded, refuse)
    # Rolled back with the action: neither the interaction nor its tokens remain.
    assert found_cases(operator_a, "炊飯器") == set()
    add_message(operator_a, fridge_case, "炊飯器も壊れました")
    assert found_cases(operator_a, "炊飯器") == {fridge_case.pk}


def test_a_changed_customer_is_found_by_the_new_name_only(fridge_case, operator_a):
    customer = fridge_case.customer
    customer.name = "高橋 二郎"
    customer.save()
    with transaction.atomic():
        events.announce(events.CustomerSaved(operator_a, customer=customer))
    assert found_cases(operator_a, "二郎") == {fridge_case.pk}
    assert found_cases(operator_a, "一郎") == set()
    assert SearchDocument.objects.filter(source=Source.CUSTOMER, customer=customer).count() == 1


def test_a_customer_saved_in_the_admin_is_indexed_again(client, admin_user, fridge_case):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    customer = fridge_case.customer
    url = f"/admin/cases/customer/{customer.pk}/change/"
    form = {
        "name": "髙橋 三郎",
        "name_kana": customer.name_kana,
        "company": customer.company,
        "phone": customer.phone,
        "email": customer.email,
        "address": "",
        "notes": "",
        "team": customer.team_id,
        "created_at_0": "2026-11-01",
        "created_at_1": "10:00:00",
        "contracts-0-product": "業務用冷凍ショーケース保守",
        "contracts-0-start_date": "2026-10-01",
        "contracts-0-customer": customer.pk,
        "contracts-0-created_at_0": "2026-11-01",
        "contracts-0-created_at_1": "10:00:00",
        "contracts-TOTAL_FORMS": "1",
        "contracts-INITIAL_FORMS": "0",
        "contracts-MIN_NUM_FORMS": "0",
        "contracts-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 302, [
        line for line in response.content.decode().splitlines() if "errorlist" in line
    ]
    assert found_cases(admin_user, "三郎") == {fridge_case.pk}
    # The contract added in the same form is what the customer is found by too.
    assert found_customers(admin_user, "ショーケース") == {customer.pk}


def test_reindex_rebuilds_the_same_index_and_is_idempotent(fridge_case, operator_a, team_a):
    lonely = new_customer(operator_a, team_a, "松本 恵子")
    other = make_case(operator_a, title="洗濯機の異音", first_message="ガタガタ鳴ります")
    before = sorted(SearchDocument.objects.values_list("source", "case_id", "customer_id"))
    out = io.StringIO()
    call_command("reindex", stdout=out)
    call_command("reindex", "--progress", stdout=out, stderr=io.StringIO())
    after = sorted(SearchDocument.objects.values_list("source", "case_id", "customer_id"))
    assert before == after
    assert "documents indexed" in out.getvalue()
    assert found_cases(operator_a, "納期") == {fridge_case.pk}
    assert found_cases(operator_a, "ガタガタ") == {other.pk}
    assert found_cases(operator_a, "恵子") == set()
    assert found_customers(operator_a, "恵子") == {lonely.pk}


def test_reindex_with_progress_draws_a_progress_bar(fridge_case):
    err = io.StringIO()
    call_command("reindex", "--progress", stdout=io.StringIO(), stderr=err)
    # tqdm writes to sys.stderr; the command's own output names the count either way.
    assert SearchDocument.objects.count() == 5


def test_an_erased_customers_words_are_no_longer_found(fridge_case, operator_a, admin_user):
    from kamitaiou.cases.erasure import do_erase_customer

    add_message(operator_a, fridge_case, "娘の携帯は090-1234-5678です")
    assert found_cases(operator_a, "携帯") == {fridge_case.pk}
    do_erase_customer(admin_user, fridge_case.customer, reason="ご本人からの削除請求")
    assert found_cases(operator_a, "携帯") == set()
    assert found_cases(operator_a, "冷蔵庫") == set()  # the erased first message
    assert SearchDocument.objects.filter(case=fridge_case, source=Source.TITLE).count() == 1
