"""Saved views (issue #14 item 5): a person saves the current filters under a name, sees
them in the sidebar with their counts, renames and deletes their own, never sees others'."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.cases.models import Case
from kamitaiou.inbox.actions import do_save_view
from kamitaiou.inbox.models import MAX_VIEWS, SavedView
from tests.conftest import make_case, make_customer


def inbox_body(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("inbox"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_saving_keeps_the_filters_normalised_and_shows_the_count(client, operator_a, team_a):
    customer = make_customer(team_a)
    for n in range(3):
        case = make_case(operator_a, customer=customer, title=f"激怒{n}")
        Case.objects.filter(pk=case.pk).update(anger=3)
    make_case(operator_a, customer=customer, title="穏やか")
    client.force_login(operator_a)
    response = client.post(
        reverse("save_view"),
        {"name": "  怒っている  お客様 ", "query": "anger=3&bogus=1&kind=&tab=team&page=4"},
    )
    assert response.status_code == 302
    view = SavedView.objects.get(owner=operator_a)
    assert view.name == "怒っている お客様"
    assert view.query == "tab=team&anger=3"  # checked, defaults and unknowns dropped, in order
    body = inbox_body(client, operator_a)
    sidebar = body.split('class="saved-views"')[1].split("</aside>")[0]
    assert "怒っている お客様" in sidebar
    assert '<span class="view-count"' in sidebar and ">3</span>" in sidebar


def test_an_unknown_filter_value_is_not_saved(client, operator_a):
    client.force_login(operator_a)
    client.post(reverse("save_view"), {"name": "変な条件", "query": "stage=nope&anger=2"})
    assert SavedView.objects.get(owner=operator_a).query == "anger=2"


def test_the_active_view_is_marked(client, operator_a):
    do_save_view(operator_a, name="チーム", query="tab=team")
    body = inbox_body(client, operator_a, tab="team")
    assert 'class="saved-view active"' in body


def test_a_person_never_sees_anothers_views(client, operator_a, rep_a):
    do_save_view(rep_a, name="同僚のビュー", query="tab=team")
    assert "同僚のビュー" not in inbox_body(client, operator_a)


def test_renaming_and_deleting_ones_own_view(client, operator_a):
    view = do_save_view(operator_a, name="古い名前", query="tab=team")
    client.force_login(operator_a)
    client.post(reverse("rename_view", args=[view.pk]), {"name": "新しい名前", "back": "tab=team"})
    view.refresh_from_db()
    assert view.name == "新しい名前"
    response = client.post(reverse("delete_view", args=[view.pk]), {"back": "tab=team"})
    assert response.status_code == 302 and response["Location"] == "/?tab=team"
    assert not SavedView.objects.filter(pk=view.pk).exists()


@pytest.mark.parametrize("name", ["rename_view", "delete_view"])
def test_anothers_view_answers_404_and_stays(client, operator_a, rep_a, name):
    view = do_save_view(rep_a, name="同僚のビュー", query="tab=team")
    client.force_login(operator_a)
    assert client.post(reverse(name, args=[view.pk]), {"name": "乗っ取り"}).status_code == 404
    view.refresh_from_db()
    assert view.name == "同僚のビュー"


@pytest.mark.parametrize(
    ("name", "status"),
    [("x" * 1000, 400), ("", 400), ("   ", 400), ("名前" * 31, 400)],
)
def test_a_bad_name_is_a_form_error_and_nothing_is_saved(client, operator_a, name, status):
    client.force_login(operator_a)
    response = client.post(reverse("save_view"), {"name": name, "query": "tab=team"})
    assert response.status_code == status
    assert 'id="inbox-errors"' in response.content.decode()
    assert not SavedView.objects.exists()


def test_the_same_name_twice_is_refused(client, operator_a):
    do_save_view(operator_a, name="重複", query="tab=team")
    client.force_login(operator_a)
    response = client.post(reverse("save_view"), {"name": "重複", "query": "anger=2"})
    assert response.status_code == 400
    assert SavedView.objects.filter(owner=operator_a).count() == 1


def test_renaming_onto_another_view_is_refused(client, operator_a):
    do_save_view(operator_a, name="一", query="tab=team")
    second = do_save_view(operator_a, name="二", query="anger=2")
    client.force_login(operator_a)
    response = client.post(reverse("rename_view", args=[second.pk]), {"name": "一"})
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.name == "二"


def test_views_are_bounded_per_person(client, operator_a):
    for n in range(MAX_VIEWS):
        do_save_view(operator_a, name=f"ビュー{n}", query=f"anger={1 + n % 3}")
    client.force_login(operator_a)
    response = client.post(reverse("save_view"), {"name": "もう一つ", "query": "tab=team"})
    assert response.status_code == 400
    assert SavedView.objects.filter(owner=operator_a).count() == MAX_VIEWS


def test_a_view_counts_only_what_its_owner_may_see(client, operator_a, case_b):
    do_save_view(operator_a, name="全部", query="tab=team&status=all")
    body = inbox_body(client, operator_a)
    sidebar = body.split('class="saved-views"')[1].split("</aside>")[0]
    assert ">0</span>" in sidebar


@pytest.mark.parametrize("url", ["save_view"])
def test_saving_needs_a_post_and_a_login(client, operator_a, url):
    assert client.post(reverse(url), {"name": "x"}).status_code == 302  # to the login
    client.force_login(operator_a)
    assert client.get(reverse(url)).status_code == 405
