"""The coach endpoints: findings for the draft, apply a rewrite, use a draft; access."""

import json

from django.urls import reverse

from kamitaiou.cases.models import ReplyCoaching, ReplyTemplate
from tests.conftest import post_reply


def test_coach_check_returns_findings(client, case_a, operator_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("coach_check", args=[case_a.pk]), {"text": "どうぞ訴えてください。"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-code="litigation_encouraged"' in body
    assert 'hx-swap-oob="true"' in body


def test_coach_check_of_a_good_draft_says_nothing_to_point_out(client, case_a, operator_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("coach_check", args=[case_a.pk]),
        {"text": "大変申し訳ございません。お気持ち、よくわかります。"},
    )
    assert "コーチからの指摘はありません" in response.content.decode()


def test_coach_apply_rewrites_the_draft(client, case_a, operator_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("coach_apply", args=[case_a.pk]),
        {"text": "いや、そうではございません。", "finding": "0"},
    )
    body = response.content.decode()
    assert ">いや、" not in body


def test_coach_apply_with_a_bad_index_keeps_the_draft(client, case_a, operator_a):
    client.force_login(operator_a)
    for finding in ("99", "-1", "x", ""):
        response = client.post(
            reverse("coach_apply", args=[case_a.pk]),
            {"text": "いや、違います。", "finding": finding},
        )
        assert response.status_code == 200
        assert "いや、違います。" in response.content.decode()


def test_use_draft_fills_from_the_case(client, case_a, operator_a):
    client.force_login(operator_a)
    response = client.post(reverse("coach_use_draft", args=[case_a.pk]), {"draft": "0"})
    assert case_a.customer.name in response.content.decode()


def test_admin_template_is_offered_at_its_stage(client, case_a, operator_a):
    ReplyTemplate.objects.create(
        title="独自のお詫び",
        offered="complaint.received",
        body="{customer}様、このたびは{incident}の件で申し訳ございません。",
    )
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert "独自のお詫び" in body and f"{case_a.customer.name}様、このたびは" in body


def test_coach_endpoints_check_access_and_method(client, case_b, case_a, operator_a):
    client.force_login(operator_a)
    for name in ("coach_check", "coach_apply", "coach_use_draft"):
        assert client.post(reverse(name, args=[case_b.pk]), {"text": "x"}).status_code == 404
        assert client.get(reverse(name, args=[case_a.pk])).status_code == 405


def test_saved_reply_keeps_shown_and_overridden_findings(client, case_a, operator_a):
    client.force_login(operator_a)
    shown = [{"code": "partial_denial", "severity": "warning", "text": "いや、"}]
    post_reply(
        client,
        case_a,
        "どうぞ訴えてください。",
        coach_shown=json.dumps(shown),
        coach_confirmed="on",
    )
    coaching = ReplyCoaching.objects.get()
    codes = {item["code"] for item in coaching.shown}
    assert codes == {"partial_denial", "litigation_encouraged"}
    assert [item["code"] for item in coaching.overridden] == ["litigation_encouraged"]


def test_garbage_coach_shown_is_ignored_not_an_error(client, case_a, operator_a):
    client.force_login(operator_a)
    response = post_reply(client, case_a, "承知いたしました。", coach_shown="{not json")
    assert response.status_code == 302
    assert ReplyCoaching.objects.get().shown == []
