"""Every view: it works, it checks access, it rejects the wrong method."""

import pytest
from django.urls import reverse

from kamitaiou.cases.models import Case, Customer, Interaction
from tests.conftest import make_case, make_contract, make_customer


def login(client, user):
    client.force_login(user)
    return client


def test_inbox_requires_login(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_login_page_is_japanese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()


def test_login_with_password_reaches_inbox(client, operator_a):
    response = client.post(
        reverse("login"), {"username": "op_a", "password": "pw-op_a"}, follow=True
    )
    assert response.status_code == 200
    assert "受信箱" in response.content.decode()


def test_wrong_password_says_so_in_japanese(client, operator_a):
    response = client.post(reverse("login"), {"username": "op_a", "password": "nope"})
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()


def test_english_is_available(client, operator_a):
    login(client, operator_a)
    response = client.get(reverse("inbox"), headers={"accept-language": "en"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("inbox"))
    assert "Inbox" in response.content.decode()


def test_inbox_lists_my_cases(client, case_a, case_b, operator_a):
    body = login(client, operator_a).get(reverse("inbox")).content.decode()
    assert case_a.title in body
    assert case_b.title not in body


@pytest.mark.parametrize("tab", ["mine", "team", "unassigned"])
def test_inbox_tabs_only_show_visible_cases(client, case_a, case_b, operator_a, tab):
    body = login(client, operator_a).get(reverse("inbox"), {"tab": tab}).content.decode()
    assert case_b.title not in body


def test_inbox_unassigned_tab(client, operator_a):
    mine = make_case(operator_a, title="担当あり", assignee=operator_a)
    nobody = make_case(operator_a, title="担当なし")
    body = login(client, operator_a).get(reverse("inbox"), {"tab": "unassigned"}).content.decode()
    assert nobody.title in body
    assert mine.title not in body


def test_inbox_filters_by_kind(client, operator_a):
    make_case(operator_a, title="クレームの件", kind="complaint", assignee=operator_a)
    make_case(operator_a, title="無理難題の件", kind="unreasonable_demand", assignee=operator_a)
    body = (
        login(client, operator_a)
        .get(reverse("inbox"), {"kind": "unreasonable_demand"})
        .content.decode()
    )
    assert "無理難題の件" in body
    assert "クレームの件" not in body


def test_inbox_sorts_most_urgent_first(client, operator_a):
    make_case(operator_a, title="通常の件", priority=2, assignee=operator_a)
    make_case(operator_a, title="緊急の件", priority=4, assignee=operator_a)
    body = login(client, operator_a).get(reverse("inbox")).content.decode()
    assert body.index("緊急の件") < body.index("通常の件")


def test_inbox_ignores_garbage_filters(client, case_a, operator_a):
    response = login(client, operator_a).get(
        reverse("inbox"), {"tab": "x", "kind": "<b>", "status": "?", "page": "zzz"}
    )
    assert response.status_code == 200


def test_inbox_query_count_does_not_grow_with_cases(
    client, operator_a, django_assert_max_num_queries
):
    login(client, operator_a)
    for n in range(3):
        make_case(operator_a, title=f"件{n}", assignee=operator_a)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("inbox"))
    for n in range(30):
        make_case(operator_a, title=f"件{n}", assignee=operator_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("inbox"))


def test_inbox_rejects_post(client, operator_a):
    assert login(client, operator_a).post(reverse("inbox")).status_code == 405


def test_case_page_shows_header_customer_contract_and_timeline(client, operator_a, team_a):
    customer = make_customer(team_a, name="伊藤 花子", company="株式会社みどり食品")
    contract = make_contract(customer, product="業務用エアコン保守契約")
    case = make_case(
        operator_a,
        customer=customer,
        contract=contract,
        first_message="14時に来ると言っていたのに誰も来ません。",
    )
    body = login(client, operator_a).get(reverse("case_detail", args=[case.pk])).content.decode()
    for text in (
        "伊藤 花子",
        "業務用エアコン保守契約",
        "14時に来ると言っていたのに",
        "受付",
        "第3条",
    ):
        assert text in body


def test_case_page_of_other_team_is_404(client, case_b, operator_a):
    response = login(client, operator_a).get(reverse("case_detail", args=[case_b.pk]))
    assert response.status_code == 404


def test_case_page_rejects_post(client, case_a, operator_a):
    response = login(client, operator_a).post(reverse("case_detail", args=[case_a.pk]))
    assert response.status_code == 405


def test_case_page_query_count_does_not_grow_with_the_record(
    client, case_a, operator_a, django_assert_max_num_queries
):
    from django.utils import timezone

    from kamitaiou.cases.actions import do_add_interaction

    login(client, operator_a)
    # 20 for the page, +1 for the protection app's restriction banner (decision 0021),
    # +1 for the view log's INSERT (kamitaiou/privacy)
    with django_assert_max_num_queries(22) as few:
        client.get(reverse("case_detail", args=[case_a.pk]))
    for n in range(20):
        do_add_interaction(
            operator_a,
            case_a,
            direction="out",
            channel="phone",
            text=f"ご連絡{n}",
            occurred_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("case_detail", args=[case_a.pk]))
    assert "ご連絡19" in response.content.decode()
    # the view log (kamitaiou/privacy) costs the page exactly one query: its INSERT
    logged = [q["sql"] for q in few.captured_queries if "privacy_viewrecord" in q["sql"]]
    assert len(logged) == 1 and logged[0].startswith("INSERT")


def test_take_case_assigns_me(client, operator_a):
    case = make_case(operator_a)
    response = login(client, operator_a).post(reverse("take_case", args=[case.pk]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == operator_a


def test_take_case_of_other_team_is_404(client, case_b, operator_a):
    assert login(client, operator_a).post(reverse("take_case", args=[case_b.pk])).status_code == 404
    case_b.refresh_from_db()
    assert case_b.assignee is None


def test_take_case_rejects_get(client, case_a, operator_a):
    assert login(client, operator_a).get(reverse("take_case", args=[case_a.pk])).status_code == 405


def test_customer_page_lists_cases_and_contracts(client, case_a, operator_a):
    make_contract(case_a.customer, product="ウォーターサーバーレンタル")
    body = (
        login(client, operator_a)
        .get(reverse("customer_detail", args=[case_a.customer_id]))
        .content.decode()
    )
    assert case_a.title in body
    assert "ウォーターサーバーレンタル" in body


def test_customer_page_of_other_team_is_404(client, case_b, operator_a):
    response = login(client, operator_a).get(reverse("customer_detail", args=[case_b.customer_id]))
    assert response.status_code == 404


def test_customer_page_rejects_post(client, case_a, operator_a):
    response = login(client, operator_a).post(reverse("customer_detail", args=[case_a.customer_id]))
    assert response.status_code == 405


def test_contract_options_only_for_visible_customers(client, case_b, operator_a):
    make_contract(case_b.customer, product="秘密の契約")
    body = (
        login(client, operator_a)
        .get(reverse("customer_contracts"), {"customer": case_b.customer_id})
        .content.decode()
    )
    assert "秘密の契約" not in body


def test_admin_can_open_any_case(client, case_b, admin_user):
    assert (
        login(client, admin_user).get(reverse("case_detail", args=[case_b.pk])).status_code == 200
    )


def test_unknown_case_url_is_404_not_500(client, operator_a):
    assert login(client, operator_a).get("/cases/99999999999999999999/").status_code == 404
    assert Case.objects.count() == 0 and Customer.objects.count() == 0
    assert Interaction.objects.count() == 0


def test_customer_page_query_count_does_not_grow_with_cases(
    client, operator_a, team_a, django_assert_max_num_queries
):
    customer = make_customer(team_a)
    make_case(operator_a, customer=customer)
    login(client, operator_a)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("customer_detail", args=[customer.pk]))
    for n in range(10):
        make_case(operator_a, customer=customer, title=f"件{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("customer_detail", args=[customer.pk]))


def test_customer_page_links_to_new_case_and_new_contract(client, case_a, operator_a):
    body = (
        login(client, operator_a)
        .get(reverse("customer_detail", args=[case_a.customer_id]))
        .content.decode()
    )
    assert reverse("new_contract", args=[case_a.customer_id]) in body
    assert "新規契約" in body
