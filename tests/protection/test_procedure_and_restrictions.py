"""The response procedure with its guards (item 2) and the restriction of service per
customer (item 3): decided by a supervisor, shown on every case and the customer page,
respected by the mail intake, lifted with a reason, history kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.record import verify_case
from kamitaiou.mail.intake import intake_message
from kamitaiou.protection import actions
from kamitaiou.protection.models import Restriction
from tests.conftest import make_case, make_customer
from tests.mail.intake.conftest import make_mail, make_mailbox
from tests.protection.test_incident_record import _data

pytestmark = pytest.mark.django_db
REASON = "暴言と土下座の要求が続き、警告後も止まらなかったため。"


def _at(minutes: int = 5):
    return timezone.now() - timedelta(minutes=minutes)


@pytest.fixture
def confirmed(draft, operator_a):
    return actions.do_save_incident(operator_a, draft, data=_data(draft), confirm=True)


@pytest.fixture
def handed_over(confirmed, operator_a):
    actions.do_record_step(operator_a, confirmed, step="warn", at=_at(30), wording="警告")
    actions.do_record_step(operator_a, confirmed, step="end_contact", at=_at(20))
    actions.do_record_step(operator_a, confirmed, step="hand_to_supervisor", at=_at(10))
    return confirmed


def _restrict(incident, actor, kinds=("written_only", "two_staff")):
    return actions.do_decide_restriction(
        actor,
        incident,
        kinds=list(kinds),
        reason=REASON,
        review_on=timezone.localdate() + timedelta(days=90),
    )


def test_the_contact_is_ended_only_after_the_warning_and_each_step_keeps_who_and_when(
    confirmed, operator_a
):
    with pytest.raises(ActionError, match="警告をしてから"):
        actions.do_record_step(operator_a, confirmed, step="end_contact", at=_at())
    step = actions.do_record_step(operator_a, confirmed, step="warn", at=_at(), wording="警告")
    assert step.by == operator_a
    with pytest.raises(ActionError, match="すでに記録"):
        actions.do_record_step(operator_a, confirmed, step="warn", at=_at())
    assert verify_case(confirmed.case) == []


def test_violence_means_the_supervisor_gets_it_before_anything_else(draft, operator_a):
    incident = actions.do_save_incident(
        operator_a, draft, data=_data(draft, categories=["violence"]), confirm=True
    )
    assert incident.immediate
    for step in ("warn", "end_contact"):
        with pytest.raises(ActionError, match="上長に引き継"):
            actions.do_record_step(operator_a, incident, step=step, at=_at())
    actions.do_record_step(operator_a, incident, step="hand_to_supervisor", at=_at())
    actions.do_record_step(operator_a, incident, step="end_contact", at=_at())


def test_the_incident_page_offers_the_warning_wording_and_refuses_steps_out_of_order(
    client, confirmed, operator_a
):
    client.force_login(operator_a)
    url = reverse("protection_incident", args=[confirmed.pk])
    page = client.get(url).content.decode()
    assert "お電話を終了させていただきます" in page
    stamp = timezone.localtime(_at()).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        reverse("protection_step", args=[confirmed.pk]), {"step": "end_contact", "at": stamp}
    )
    assert refused.status_code == 400
    assert "警告をしてから" in refused.content.decode()
    bad = client.post(
        reverse("protection_step", args=[confirmed.pk]), {"step": "warn", "at": "昨日"}
    )
    assert bad.status_code == 400
    future = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert (
        client.post(
            reverse("protection_step", args=[confirmed.pk]), {"step": "warn", "at": future}
        ).status_code
        == 400
    )
    ok = client.post(reverse("protection_step", args=[confirmed.pk]), {"step": "warn", "at": stamp})
    assert ok.status_code == 302


def test_only_a_supervisor_decides_a_restriction_and_only_after_the_handover(
    client, handed_over, confirmed, operator_a, supervisor_a
):
    with pytest.raises(ActionError, match="上長"):
        _restrict(handed_over, operator_a)
    client.force_login(operator_a)
    form = {"kinds": ["written_only"], "reason": REASON, "review_on": "2099-01-01"}
    assert (
        client.post(reverse("protection_restrict", args=[handed_over.pk]), form).status_code == 400
    )
    client.force_login(supervisor_a)
    bad = {"kinds": ["written_only", "phone_only"], "reason": "短い", "review_on": "2000-01-01"}
    response = client.post(reverse("protection_restrict", args=[handed_over.pk]), bad)
    assert response.status_code == 400
    review = (timezone.localdate() + timedelta(days=60)).isoformat()
    form = {"kinds": ["written_only", "two_staff"], "reason": REASON, "review_on": review}
    assert (
        client.post(reverse("protection_restrict", args=[handed_over.pk]), form).status_code == 302
    )
    restriction = Restriction.objects.get()
    assert restriction.kinds == ["written_only", "two_staff"]
    assert restriction.decided_by == supervisor_a
    assert verify_case(handed_over.case) == []


def test_a_restriction_shows_on_every_case_of_the_customer_and_on_the_customer_page(
    client, handed_over, supervisor_a, operator_a
):
    _restrict(handed_over, supervisor_a)
    customer = handed_over.case.customer
    other = make_case(operator_a, customer=customer, title="別件の問い合わせ")
    client.force_login(operator_a)
    for url in (
        reverse("case_detail", args=[other.pk]),
        reverse("case_detail", args=[handed_over.case_id]),
        reverse("customer_detail", args=[customer.pk]),
    ):
        page = client.get(url).content.decode()
        assert 'id="restriction-banner"' in page
        assert "書面のみ・二名対応" in page
    unrestricted = make_case(operator_a, customer=make_customer(customer.team, name="別の人"))
    page = client.get(reverse("case_detail", args=[unrestricted.pk])).content.decode()
    assert 'id="restriction-banner"' not in page


def test_mail_from_a_restricted_customer_lands_with_the_banner(
    client, handed_over, supervisor_a, operator_a, team_a
):
    customer = handed_over.case.customer
    customer.email = "yamada@example.com"
    customer.save()
    _restrict(handed_over, supervisor_a, kinds=["phone_only"])
    mailbox = make_mailbox(team_a, "support@example.test")
    result = intake_message(mailbox, make_mail(subject="再度のお願い"))
    assert result.case.customer == customer
    assert any("対応制限中：電話のみ" in note for note in result.inbound.notes)
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[result.case.pk])).content.decode()
    assert 'id="restriction-banner"' in page
    assert "書面では回答しないでください" in page or "Do not answer" in page


def test_a_restriction_is_lifted_by_a_supervisor_with_a_reason_and_its_history_kept(
    client, handed_over, supervisor_a, operator_a
):
    restriction = _restrict(handed_over, supervisor_a)
    customer = handed_over.case.customer
    url = reverse("protection_lift", args=[restriction.pk])
    client.force_login(operator_a)
    assert client.post(url, {"reason": "十分に時間が経過したため解除する"}).status_code == 404
    history = client.get(reverse("protection_customer_restrictions", args=[customer.pk]))
    assert history.status_code == 200
    client.force_login(supervisor_a)
    assert client.post(url, {"reason": "短い"}).status_code == 400
    assert client.post(url, {"reason": "書面で合意し、三か月問題がなかったため"}).status_code == 302
    restriction.refresh_from_db()
    assert restriction.lifted_by == supervisor_a
    assert not restriction.in_force
    page = client.get(reverse("customer_detail", args=[customer.pk])).content.decode()
    assert 'id="restriction-banner"' not in page
    history = client.get(reverse("protection_customer_restrictions", args=[customer.pk]))
    assert "書面で合意し" in history.content.decode()
    with pytest.raises(ActionError, match="すでに解除"):
        actions.do_lift_restriction(supervisor_a, restriction, reason="もう一度解除してみる理由")
    assert verify_case(handed_over.case) == []


def test_no_restriction_for_a_draft(draft, operator_a, supervisor_a):
    actions.do_record_step(operator_a, draft, step="hand_to_supervisor", at=_at())
    with pytest.raises(ActionError, match="確定"):
        _restrict(draft, supervisor_a)
