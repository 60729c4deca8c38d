"""The coach's drafts on the case page are signed by our organisation and the writer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.accounts.models import Organisation
from kamitaiou.cases import coaching
from kamitaiou.cases.models import Case, ReplyTemplate
from kamitaiou.method.coach.letter import body_end
from tests.conftest import make_case, make_contract, make_customer

RAW = "今月の請求書を見たら、見積もりより3万円も高くなっています。どういうことか説明してください。"


@pytest.fixture
def organisation(db):
    org = Organisation(
        name="株式会社かみたいおう",
        department="お客様相談室",
        signature="TEL 0120-123-456（平日 9:00〜18:00）",
    )
    org.save()
    return org


@pytest.fixture
def naniwa_case(operator_a, supervisor_a):
    customer = make_customer(
        operator_a.teams.first(), name="伊藤 花子", company="株式会社なにわ印刷"
    )
    contract = make_contract(customer)
    return make_case(
        supervisor_a,
        customer=customer,
        contract=contract,
        title=RAW,
        first_message=RAW,
        assignee=supervisor_a,
    )


def test_the_organisation_is_a_single_row(db):
    first = Organisation(name="A社")
    first.save()
    second = Organisation(name="B社")
    second.save()
    assert Organisation.objects.count() == 1
    assert Organisation.current().name == "B社"


def test_before_it_is_set_the_organisation_is_empty_and_unsaved(db):
    current = Organisation.current()
    assert current.name == "" and not Organisation.objects.exists()


def test_drafts_are_signed_by_our_organisation_and_the_writer_not_the_customers_company(
    client, naniwa_case, operator_a, organisation
):
    operator_a.display_name = "佐藤 美咲"
    operator_a.save()
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[naniwa_case.pk])).content.decode()
    assert "株式会社かみたいおう お客様相談室の佐藤 美咲でございます" in body
    offered = coaching.drafts(naniwa_case, writer=operator_a)
    assert offered
    for draft in offered:
        text = draft["text"]
        signature = text[body_end(text) :]
        assert "株式会社かみたいおう お客様相談室\n佐藤 美咲\nTEL 0120-123-456" in signature
        assert "株式会社なにわ印刷の" not in text and "株式会社なにわ印刷" not in signature
        assert "sv_a" not in text  # the writer signs, not the assignee
        assert text.startswith("株式会社なにわ印刷\n伊藤 花子様")
        assert "説明してください" not in text and "。の件" not in text


def test_the_draft_put_in_the_reply_box_is_the_writers(
    client, naniwa_case, operator_a, organisation
):
    client.force_login(operator_a)
    response = client.post(reverse("coach_use_draft", args=[naniwa_case.pk]), {"draft": "0"})
    body = response.content.decode()
    assert "株式会社かみたいおう お客様相談室の" in body and "op_a" in body
    assert "株式会社なにわ印刷の" not in body


def test_before_the_organisation_is_set_the_sender_is_a_marked_blank(client, case_a, operator_a):
    (first, *_rest) = coaching.drafts(case_a, writer=operator_a)
    assert "【会社名・部署名】の op_a" not in first["text"]
    assert "【会社名・部署名】の" in first["text"] and "company" in first["missing"]


def test_an_admins_template_is_signed_too(client, case_a, operator_a, organisation):
    ReplyTemplate.objects.create(
        title="独自のお詫び",
        offered="complaint.received",
        body="{customer}様、申し訳ございません。",
    )
    offered = {d["title"]: d for d in coaching.drafts(case_a, writer=operator_a)}
    text = offered["独自のお詫び"]["text"]
    assert text.startswith("山田 太郎様、申し訳ございません。")
    assert text.endswith(
        "株式会社かみたいおう お客様相談室\nop_a\nTEL 0120-123-456（平日 9:00〜18:00）"
    )


def test_the_normative_draft_leaves_a_blank_for_a_clause_that_is_not_about_the_demand(
    operator_a, supervisor_a, organisation
):
    customer = make_customer(operator_a.teams.first())
    contract = make_contract(
        customer,
        terms="第2条（提供内容）年2回の定期点検を実施する。\n第3条（責任の範囲）損害は当該月の利用料金を上限とする。",
    )
    case = make_case(supervisor_a, customer=customer, contract=contract, title="請求額が違う")
    Case.objects.filter(pk=case.pk).update(stage="proposal")
    case.refresh_from_db()
    offered = {d["title"]: d["text"] for d in coaching.drafts(case, writer=operator_a)}
    text = offered["規範的説得（契約条項に基づくご説明）"]
    assert "ご契約の【条項番号】には" in text and "「【該当する条項の本文】」" in text
    assert "定期点検" not in text and "利用料金" not in text
    assert "請求額が違う件につきまして" in text


def test_the_admin_edits_the_organisation_and_cannot_add_a_second_or_delete_it(
    client, admin_user, organisation
):
    client.force_login(admin_user)
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "株式会社かみたいおう", "department": "カスタマーサポート部", "signature": ""}
    )
    assert response.status_code == 302
    assert Organisation.current().department == "カスタマーサポート部"
    assert client.get(reverse("admin:accounts_organisation_add")).status_code == 403
    delete = reverse("admin:accounts_organisation_delete", args=[organisation.pk])
    assert client.get(delete).status_code == 403
