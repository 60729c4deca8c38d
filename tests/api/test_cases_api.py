"""The cases API does what the pages do, through the same access helpers and actions."""

from __future__ import annotations

from kamitaiou.cases.models import Case, CaseEvent, Interaction
from tests.api.conftest import api_for
from tests.conftest import make_case, make_customer

CASES = "/api/v1/cases"


def test_operator_lists_the_cases_of_their_team_only(api_op_a, case_a, case_b):
    response = api_op_a.get(CASES)
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == [case_a.pk]


def test_list_filters_by_kind_stage_status_and_tab(api_op_a, operator_a, case_a):
    other = make_case(operator_a, kind="unreasonable_demand", title="無理な要求")
    ids = lambda **p: [i["id"] for i in api_op_a.get(CASES, p).json()["items"]]  # noqa: E731
    assert ids(kind="unreasonable_demand") == [other.pk]
    assert ids(stage="received", kind="complaint") == [case_a.pk]
    assert ids(tab="mine") == [case_a.pk]
    assert set(ids(tab="unassigned")) == {other.pk}
    assert ids(status="closed") == []


def test_list_refuses_an_unknown_filter_value_with_422(api_op_a):
    for params in ({"kind": "nope"}, {"tab": "x"}, {"limit": "0"}, {"limit": "101"}):
        response = api_op_a.get(CASES, params)
        assert response.status_code == 422, params
        assert response.json()["code"] == "invalid"


def test_keyset_pages_walk_every_case_once_in_inbox_order(api_op_a, operator_a, team_a):
    customer = make_customer(team_a)
    made = {make_case(operator_a, customer=customer, priority=1 + n % 4).pk for n in range(7)}
    seen: list[int] = []
    cursor = ""
    for _page in range(10):
        body = api_op_a.get(CASES, {"limit": 3, "cursor": cursor}).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made) and len(seen) == len(made)
    order = list(
        Case.objects.order_by("-urgency", "inbox_due", "opened_at", "pk").values_list(
            "pk", flat=True
        )
    )
    assert seen == order


def test_a_malformed_cursor_is_a_400(api_op_a):
    for cursor in ("abc", "!!!", "W10", "WzEsMiwzLDRd"):
        response = api_op_a.get(CASES, {"cursor": cursor})
        assert response.status_code == 400, cursor
        assert response.json()["code"] == "bad_cursor"


def test_the_case_detail_carries_its_record_and_moves(api_op_a, case_a):
    response = api_op_a.get(f"{CASES}/{case_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == case_a.title
    assert [i["text"] for i in body["interactions"]] == [
        "先週修理に来てもらったのに、また紙詰まりです。"
    ]
    assert body["events"][0]["kind"] == "created"
    assert any(move["action"] == "start_calming" for move in body["moves"])


def test_another_teams_case_answers_404_exactly_like_a_missing_one(api_op_a, case_b):
    other = api_op_a.get(f"{CASES}/{case_b.pk}")
    missing = api_op_a.get(f"{CASES}/999999")
    huge = api_op_a.get(f"{CASES}/99999999999999999999999")
    assert other.status_code == missing.status_code == huge.status_code == 404
    assert other.json() == missing.json() == huge.json()
    for path, body in (
        (f"{CASES}/{case_b.pk}/interactions", {"direction": "in", "text": "x"}),
        (f"{CASES}/{case_b.pk}/moves", {"action": "start_calming"}),
    ):
        assert api_op_a.post(path, body).status_code == 404
    assert Interaction.objects.filter(case=case_b).count() == 1


def test_admin_sees_every_teams_case(api_admin, case_a, case_b):
    assert api_admin.get(f"{CASES}/{case_b.pk}").status_code == 200
    ids = {item["id"] for item in api_admin.get(CASES).json()["items"]}
    assert ids == {case_a.pk, case_b.pk}


def test_creating_a_case_opens_it_with_its_first_message(api_op_a, operator_a, team_a):
    body = {
        "kind": "complaint",
        "title": "請求書が届かない",
        "team_id": team_a.pk,
        "new_customer": {"name": "佐藤 花子"},
        "channel": "mail",
        "first_message": "先月の請求書がまだ届いていません。",
    }
    response = api_op_a.post(CASES, body)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.assignee == operator_a and case.customer.name == "佐藤 花子"
    assert case.interactions.get().channel == "mail"
    assert case.events.first().kind == "created"


def test_a_case_cannot_be_opened_in_another_team_or_for_its_customer(api_op_a, team_b, operator_b):
    stranger = make_customer(team_b, name="大阪 次郎")
    for body in (
        {"kind": "complaint", "title": "x", "team_id": team_b.pk, "new_customer": {"name": "a"}},
        {"kind": "complaint", "title": "x", "team_id": 1, "customer_id": stranger.pk},
    ):
        response = api_op_a.post(CASES, body)
        assert response.status_code == 422, response.content
        error = response.json()
        assert error["code"] == "invalid" and error["message_ja"] and error["message_en"]
    assert not Case.objects.exists()


def test_idempotency_key_makes_a_retried_create_open_one_case(api_op_a, team_a):
    body = {
        "kind": "complaint",
        "title": "再送",
        "team_id": team_a.pk,
        "new_customer": {"name": "a"},
    }
    first = api_op_a.post(CASES, body, **{"Idempotency-Key": "abc-1"})
    again = api_op_a.post(CASES, body, **{"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.count() == 1
    changed = api_op_a.post(CASES, {**body, "title": "別"}, **{"Idempotency-Key": "abc-1"})
    assert changed.status_code == 409
    assert changed.json()["code"] == "idempotency_conflict"


def test_adding_an_interaction_appends_it_to_the_record(api_op_a, case_a):
    response = api_op_a.post(
        f"{CASES}/{case_a.pk}/interactions",
        {"direction": "out", "channel": "phone", "text": "ご不便をおかけし申し訳ございません。"},
    )
    assert response.status_code == 201, response.content
    assert case_a.interactions.count() == 2
    assert CaseEvent.objects.filter(case=case_a, kind="interaction").count() == 2


def test_an_interaction_in_the_future_is_refused_like_on_the_page(api_op_a, case_a):
    response = api_op_a.post(
        f"{CASES}/{case_a.pk}/interactions",
        {"direction": "in", "text": "x", "occurred_at": "2099-01-01T00:00:00+09:00"},
    )
    assert response.status_code == 422
    detail = response.json()["details"][0]
    assert detail["field"] == "occurred_at"
    assert detail["message_ja"] != detail["message_en"]


def test_a_move_goes_through_the_methods_guards_with_its_japanese_reasons(api_op_a, case_a):
    response = api_op_a.post(f"{CASES}/{case_a.pk}/moves", {"action": "start_calming"})
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "calming"
    refused = api_op_a.post(f"{CASES}/{case_a.pk}/moves", {"action": "start_hearing"})
    assert refused.status_code == 409
    error = refused.json()
    assert error["code"] == "refused"
    assert error["details"] and all(d["message_ja"] for d in error["details"])
    assert error["message_en"]
    case_a.refresh_from_db()
    assert case_a.stage == "calming"


def test_an_unknown_move_is_refused(api_op_a, case_a):
    response = api_op_a.post(f"{CASES}/{case_a.pk}/moves", {"action": "fly_away"})
    assert response.status_code == 409
    assert response.json()["message_ja"] == "この段階ではその操作はできません。"


def test_a_read_only_token_cannot_write(operator_a, case_a):
    reader = api_for(operator_a, scope="read")
    assert reader.get(f"{CASES}/{case_a.pk}").status_code == 200
    response = reader.post(f"{CASES}/{case_a.pk}/moves", {"action": "start_calming"})
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"


def test_analyze_reads_a_message_as_the_command_does(operator_a):
    from kamitaiou.analysis import analyze

    reader = api_for(operator_a, scope="read")
    text = "ふざけるな！明日までに返金しないと訴えるぞ。"
    response = reader.post("/api/v1/analyze", {"text": text, "now": "2026-11-20T10:00:00+09:00"})
    assert response.status_code == 200, response.content
    body = response.json()
    import datetime

    now = datetime.datetime.fromisoformat("2026-11-20T10:00:00+09:00")
    assert body["labels"] == analyze(text, now=now).to_dict()["labels"]
    assert "legal_threat" in body["labels"] or body["labels"]


def test_coach_checks_a_draft_for_a_stage_of_its_kind(operator_a):
    reader = api_for(operator_a, scope="read")
    draft = "規約上、返金はできません。どうしてもと言うなら訴えてください。"
    response = reader.post(
        "/api/v1/coach", {"text": draft, "kind": "complaint", "stage": "calming"}
    )
    assert response.status_code == 200, response.content
    codes = {f["code"] for f in response.json()["findings"]}
    assert "litigation_encouraged" in codes
    wrong = reader.post("/api/v1/coach", {"text": draft, "kind": "complaint", "stage": "scope"})
    assert wrong.status_code == 422


def test_idempotency_key_makes_a_retried_interaction_recorded_once(api_op_a, case_a):
    path = f"{CASES}/{case_a.pk}/interactions"
    body = {"direction": "in", "text": "先ほどの件、まだですか。"}
    first = api_op_a.post(path, body, **{"Idempotency-Key": "call-42"})
    again = api_op_a.post(path, body, **{"Idempotency-Key": "call-42"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert case_a.interactions.count() == 2
