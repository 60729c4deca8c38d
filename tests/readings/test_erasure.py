"""A customer's erasure reaches the words a reading correction copied from their message."""

from __future__ import annotations

import json

import pytest

from kamitaiou.cases.erasure import PLACEHOLDER
from kamitaiou.cases.verify import verify_records
from kamitaiou.readings.actions import do_correct_reading
from kamitaiou.readings.models import ReadingCorrection
from tests.conftest import make_case, make_customer
from tests.privacy.erasure_support import WORDS, erase_in_admin

pytestmark = pytest.mark.django_db


def test_the_added_evidence_keeps_its_label_and_place_but_not_the_customers_words(
    client, operator_a, supervisor_a, admin_user
):
    customer = make_customer(operator_a.teams.first(), "鈴木 花子")
    text = f"先週また紙詰まりです。{WORDS}のお金を返してほしい。"
    case = make_case(operator_a, customer=customer, first_message=text, assignee=operator_a)
    message = case.interactions.get(direction="in")
    correction = do_correct_reading(
        supervisor_a,
        message,
        anger=2,
        add_label="damages_claim",
        add_words=f"{WORDS}のお金を返して",
    )
    (span,) = correction.added_spans
    assert WORDS in span["text"]

    erase_in_admin(client, admin_user, customer)

    correction = ReadingCorrection.objects.get(pk=correction.pk)
    assert WORDS not in json.dumps(correction.added_spans, ensure_ascii=False)
    assert correction.added_spans == [{**span, "text": PLACEHOLDER}]
    assert "damages_claim" in correction.labels_after  # what was corrected stays
    assert verify_records().problems == []
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and WORDS not in page.content.decode()
