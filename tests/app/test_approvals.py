"""§9.1 special handling: a supervisor approves from the case page (the reason is typed in
the approve form itself), and finds what waits for them in 承認待ち, counted in the header."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases.actions import do_change_stage
from kamitaiou.cases.models import ForbiddenRequest
from kamitaiou.cases.supervision import supervision_counts
from tests.conftest import make_case, make_user

APPROVE = "特別対応を承認する → 承認"


def pending(user, **fields):
    """A special request a member of staff sent to a supervisor (承認待ち)."""
    case = make_case(user, kind="special_request", assignee=user, **fields)
    do_change_stage(user, case, target="empathy")
    ma.do_record_fact(user, case, fact="customer_benefit", value=True)
    do_change_stage(user, case, target="approval_pending")
    return case


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("case_detail", args=[case.pk])).content.decode()


def approve(client, user, case, reason):
    client.force_login(user)
    data = {"action": "approve", "approval_reason": reason}
    return client.post(reverse("case_action", args=[case.pk, "move"]), data)


def approve_button(body):
    match = re.search(r"<button[^>]*>" + re.escape(APPROVE) + "</button>", body)
    assert match, "no approve button"
    return match.group(0)


# --- approving -----------------------------------------------------------------------


def test_supervisor_sees_an_enabled_approve_button_with_the_reason_field(
    client, operator_a, supervisor_a
):
    case = pending(operator_a)
    body = page(client, supervisor_a, case)
    assert "disabled" not in approve_button(body)
    assert re.search(r'<textarea name="approval_reason"[^>]*required', body)
    assert "承認する理由（必須）" in body


def test_supervisor_approves_with_the_reason_typed_in_the_same_form(
    client, operator_a, supervisor_a
):
    case = pending(operator_a)
    response = approve(client, supervisor_a, case, "長年のお取引があり、再発防止策の一環として")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == "approved"
    event = case.events.get(kind="stage_changed", data__to="approved")
    assert event.actor == supervisor_a
    assert event.data["approval_reason"] == "長年のお取引があり、再発防止策の一環として"


def test_admin_may_approve_too(client, operator_a, admin_user):
    case = pending(operator_a)
    assert approve(client, admin_user, case, "管理者として承認").status_code == 302


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_approving_without_a_reason_is_a_400_in_japanese(client, operator_a, supervisor_a, reason):
    case = pending(operator_a)
    response = approve(client, supervisor_a, case, reason)
    assert response.status_code == 400
    assert "特別対応を承認する理由を記入してください" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "approval_pending"


def test_a_refused_approval_keeps_what_was_typed(client, operator_a, supervisor_a):
    case = pending(operator_a)
    too_long = "理由" * 1001
    response = approve(client, supervisor_a, case, too_long)
    assert response.status_code == 400
    assert too_long in response.content.decode()  # back in the textarea, not lost
    case.refresh_from_db()
    assert case.stage == "approval_pending"


def test_operator_sees_approve_disabled_without_a_reason_field(client, operator_a):
    case = pending(operator_a)
    body = page(client, operator_a, case)
    assert "disabled" in approve_button(body)
    assert 'name="approval_reason"' not in body
    assert "上長（SV）または管理者のみ" in body


def test_operator_cannot_approve_by_posting_a_reason(client, operator_a):
    case = pending(operator_a)
    response = approve(client, operator_a, case, "お客様が強く希望されたため")
    assert response.status_code == 400
    assert "上長（SV）または管理者のみ" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "approval_pending"


def test_a_forbidden_request_stays_unapprovable_for_a_supervisor(client, operator_a, supervisor_a):
    case = pending(operator_a)
    ForbiddenRequest.objects.create(name="他社製品の修理", phrases="他社製品")
    facts = {**case.facts, "policy_matches": ["他社製品の修理"]}
    type(case).objects.filter(pk=case.pk).update(facts=facts)
    body = page(client, supervisor_a, case)
    assert "disabled" in approve_button(body)
    assert approve(client, supervisor_a, case, "例外として").status_code == 400


def test_another_teams_supervisor_gets_404(client, operator_a, team_b):
    case = pending(operator_a)
    other = make_user("sv_b", "supervisor", team_b)
    assert approve(client, other, case, "理由").status_code == 404


# --- the 承認待ち queue ----------------------------------------------------------------


def test_approvals_queue_lists_waiting_requests_oldest_first(client, operator_a, supervisor_a):
    first = pending(operator_a, title="送料無料のご要望")
    second = pending(operator_a, title="納品日の前倒し")
    make_case(operator_a, kind="special_request", title="まだ共感の段階")
    client.force_login(supervisor_a)
    body = client.get(reverse("approvals")).content.decode()
    assert body.index(first.title) < body.index(second.title)
    assert "まだ共感の段階" not in body
    assert "op_a" in body  # who asked
    assert f'href="/cases/{first.pk}/#method"' in body


def test_approvals_queue_drops_a_request_once_decided(client, operator_a, supervisor_a):
    case = pending(operator_a, title="送料無料のご要望")
    approve(client, supervisor_a, case, "お客様のためになる")
    body = client.get(reverse("approvals")).content.decode()
    assert "送料無料のご要望" not in body
    assert "承認待ちの特別対応はありません" in body


def test_approvals_queue_is_for_supervisors_and_admins(
    client, operator_a, supervisor_a, admin_user
):
    pending(operator_a, title="送料無料のご要望")
    client.force_login(operator_a)
    assert client.get(reverse("approvals")).status_code == 403
    for user in (supervisor_a, admin_user):
        client.force_login(user)
        assert "送料無料のご要望" in client.get(reverse("approvals")).content.decode()


def test_approvals_queue_hides_other_teams(client, operator_b, supervisor_a):
    pending(operator_b, title="大阪のご要望")
    client.force_login(supervisor_a)
    assert "大阪のご要望" not in client.get(reverse("approvals")).content.decode()


def test_approvals_queue_rejects_post(client, supervisor_a):
    client.force_login(supervisor_a)
    assert client.post(reverse("approvals")).status_code == 405


def test_approvals_queue_query_count_does_not_grow(
    client, operator_a, supervisor_a, django_assert_max_num_queries
):
    pending(operator_a)
    client.force_login(supervisor_a)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("approvals"))
    for n in range(6):
        pending(operator_a, title=f"件{n}")
    with django_assert_max_num_queries(len(one)):
        body = client.get(reverse("approvals")).content.decode()
    assert "件5" in body


# --- header counts ---------------------------------------------------------------------


def test_header_counts_escalations_and_approvals_for_a_supervisor(
    client, operator_a, supervisor_a, operator_b
):
    pending(operator_a)
    pending(operator_a)
    make_case(operator_a, first_message="弁護士に相談して訴えます。")  # escalated
    pending(operator_b)  # another team: not counted
    client.force_login(supervisor_a)
    body = client.get(reverse("inbox")).content.decode()
    nav = body[body.index('id="nav-escalations"') : body.index("</nav>")]
    assert re.search(r'id="nav-escalations".*?<span class="badge[^"]*"[^>]*>1</span>', nav)
    assert re.search(r'id="nav-approvals".*?<span class="badge[^"]*"[^>]*>2</span>', nav)


def test_header_counts_for_an_admin_cover_every_team(operator_a, operator_b, admin_user):
    pending(operator_a)
    pending(operator_b)
    assert supervision_counts(admin_user).approvals == 2


def test_operators_get_no_counts_and_no_queue_links(client, operator_a):
    pending(operator_a)
    assert supervision_counts(operator_a) is None
    client.force_login(operator_a)
    body = client.get(reverse("inbox")).content.decode()
    assert 'id="nav-approvals"' not in body


def test_header_counts_take_two_queries_however_many_cases(
    operator_a, supervisor_a, django_assert_num_queries
):
    for _n in range(5):
        pending(operator_a)
        make_case(operator_a, first_message="損害賠償を請求します。")
    with django_assert_num_queries(2):
        counts = supervision_counts(supervisor_a)
    assert (counts.escalations, counts.approvals) == (5, 5)


def test_htmx_partials_do_not_pay_for_the_header_counts(
    client, operator_a, supervisor_a, django_assert_max_num_queries
):
    pending(operator_a)
    client.force_login(supervisor_a)
    client.get(reverse("today_badge"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("today_badge"))
    # The header counts read the escalation table; the badge's own query may name the
    # follow-up kind 'sla_breach_escalation', which is not them.
    table = '"cases_escalation"'
    assert not any(table in q["sql"] for q in queries.captured_queries)
