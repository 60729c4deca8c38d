"""``/api/v1/followups``: my follow-ups, completed or skipped through the same actions."""

from __future__ import annotations

from tests.api.conftest import api_for
from tests.conftest import make_case
from tests.walks import walk_complaint_to_executing


def _check(user):
    case = make_case(user, assignee=user)
    walk_complaint_to_executing(user, case)
    return case, case.followups.get(kind="verification_check")


def test_i_list_my_open_follow_ups(api_op_a, operator_a):
    _case, check = _check(operator_a)
    items = api_op_a.get("/api/v1/followups").json()["items"]
    assert [i["id"] for i in items] == [check.pk]


def test_completing_asks_for_what_the_kind_needs_like_the_page(api_op_a, operator_a):
    case, check = _check(operator_a)
    missing = api_op_a.post(f"/api/v1/followups/{check.pk}/complete", {})
    assert missing.status_code == 422
    assert missing.json()["details"][0]["field"] == "improved"
    done = api_op_a.post(f"/api/v1/followups/{check.pk}/complete", {"improved": "no"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert case.followups.filter(kind="rehearing").exists()
    again = api_op_a.post(f"/api/v1/followups/{check.pk}/complete", {"improved": "no"})
    assert again.status_code == 409


def test_skipping_needs_a_reason(api_op_a, operator_a):
    _case, check = _check(operator_a)
    assert api_op_a.post(f"/api/v1/followups/{check.pk}/skip", {"note": ""}).status_code == 422
    skipped = api_op_a.post(f"/api/v1/followups/{check.pk}/skip", {"note": "電話で確認済み"})
    assert skipped.status_code == 200 and skipped.json()["status"] == "skipped"


def test_another_teams_follow_up_is_404_and_a_read_token_cannot_complete(api_op_b, operator_a):
    _case, check = _check(operator_a)
    for path in ("complete", "skip"):
        response = api_op_b.post(f"/api/v1/followups/{check.pk}/{path}", {"note": "x"})
        assert response.status_code == 404
    reader = api_for(operator_a, scope="read")
    response = reader.post(f"/api/v1/followups/{check.pk}/skip", {"note": "x"})
    assert response.status_code == 403
    check.refresh_from_db()
    assert check.status == "open"
