"""A customer's erasure reaches what the reply coach kept of the drafts on their cases."""

from __future__ import annotations

import json

import pytest

from kamitaiou.cases.erasure import PLACEHOLDER
from kamitaiou.cases.models import ReplyCoaching
from kamitaiou.cases.verify import verify_records
from tests.conftest import make_case, make_customer, post_reply
from tests.privacy.erasure_support import WORDS, erase_in_admin

pytestmark = pytest.mark.django_db


def test_the_coach_findings_of_a_saved_reply_lose_the_drafts_words_but_keep_their_codes(
    client, operator_a, admin_user
):
    customer = make_customer(operator_a.teams.first(), WORDS)
    case = make_case(operator_a, customer=customer, first_message=f"{WORDS}です。返金しろ。")
    shown = [
        {
            "code": "partial_denial",
            "severity": "warning",
            "start": 0,
            "end": 12,
            "text": f"いや、{WORDS}様",
            "suggestion": f"「{WORDS}様」の前の否定を外す",
        }
    ]
    client.force_login(operator_a)
    saved = post_reply(
        client,
        case,
        f"{WORDS}様、どうぞ訴えてください。",
        coach_shown=json.dumps(shown, ensure_ascii=False),
        coach_confirmed="on",
    )
    assert saved.status_code == 302
    coaching = ReplyCoaching.objects.get(interaction__case=case)
    codes = sorted(item["code"] for item in coaching.shown)
    assert WORDS in json.dumps(coaching.shown, ensure_ascii=False)

    erase_in_admin(client, admin_user, customer)

    coaching = ReplyCoaching.objects.get(pk=coaching.pk)
    kept = json.dumps([coaching.shown, coaching.overridden], ensure_ascii=False)
    assert WORDS not in kept
    assert sorted(item["code"] for item in coaching.shown) == codes
    assert [item["code"] for item in coaching.overridden] == ["litigation_encouraged"]
    first = next(item for item in coaching.shown if item["code"] == "partial_denial")
    assert (first["text"], first["suggestion"], first["start"], first["end"]) == (
        PLACEHOLDER,
        PLACEHOLDER,
        0,
        12,
    )
    assert coaching.confirmed_codes == ["litigation_encouraged"]
    assert verify_records().problems == []
