"""The case page gathers its side panels from the registry the apps fill (decision 0008)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases import method_actions as ma
from kamitaiou.cases import side_panels
from tests.conftest import make_case
from tests.walks import walk_complaint_to_executing


@pytest.fixture
def extra_panel(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """Register panels of a pretend new app (its template under ``tmp_path``) for one test."""
    (tmp_path / "newapp").mkdir()
    (tmp_path / "newapp" / "_panel.html").write_text(
        '<section class="card" id="newapp-{{ case.pk }}">{{ side_panel.text }}</section>',
        encoding="utf-8",
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    names: list[str] = []

    def register(name: str, *, order: int, build: Any) -> None:
        side_panels.register_panel(name, order=order, build=build, template="newapp/_panel.html")
        names.append(name)

    yield register
    for name in names:
        side_panels.unregister_panel(name)


def test_the_followups_app_registers_its_panel_at_start_up():
    (panel,) = [p for p in side_panels.registered_panels() if p.name == "followups"]
    assert panel.template == "followups/_case_panel.html"


def test_the_case_page_shows_the_followups_panel_with_its_followups(client, operator_a):
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="followups"' in page
    assert case.followups.get(kind="verification_check").title in page


def test_a_new_apps_panel_shows_on_the_case_page_in_its_order(
    client, case_a, operator_a, extra_panel
):
    extra_panel("zz_last", order=900, build=lambda request, case: {"text": "最後のパネル"})
    extra_panel("aa_first", order=10, build=lambda request, case: {"text": f"{request.user}さん"})
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    first, followups, last = (
        page.index(f'id="newapp-{case_a.pk}">op_aさん'),
        page.index('id="followups"'),
        page.index("最後のパネル"),
    )
    assert first < followups < last


def test_a_panel_whose_builder_returns_none_is_not_shown(client, case_a, operator_a, extra_panel):
    extra_panel("hidden", order=10, build=lambda request, case: None)
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case_a.pk])).content.decode()
    assert f'id="newapp-{case_a.pk}"' not in page
    assert 'id="followups"' in page


def test_registering_a_name_again_replaces_the_panel(extra_panel):
    extra_panel("twice", order=10, build=lambda request, case: {"text": "一"})
    extra_panel("twice", order=20, build=lambda request, case: {"text": "二"})
    (panel,) = [p for p in side_panels.registered_panels() if p.name == "twice"]
    assert panel.order == 20


def test_a_registered_panel_adds_no_query_of_its_own(
    client, case_a, operator_a, extra_panel, django_assert_max_num_queries
):
    client.force_login(operator_a)
    # 20 for the page, +1 for the protection app's restriction banner (decision 0021),
    # +1 for the view log's INSERT (kamitaiou/privacy)
    with django_assert_max_num_queries(22) as few:
        client.get(reverse("case_detail", args=[case_a.pk]))
    extra_panel("free", order=10, build=lambda request, case: {"text": "追加"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("case_detail", args=[case_a.pk]))
    assert "追加" in response.content.decode()


def test_case_page_queries_do_not_grow_with_its_followups(
    client, operator_a, django_assert_max_num_queries
):
    client.force_login(operator_a)
    bare = make_case(operator_a, assignee=operator_a)
    # 20 for the page, +1 for the protection app's restriction banner (decision 0021),
    # +1 for the view log's INSERT (kamitaiou/privacy)
    with django_assert_max_num_queries(22) as few:
        client.get(reverse("case_detail", args=[bare.pk]))
    case = make_case(operator_a, assignee=operator_a)
    walk_complaint_to_executing(operator_a, case)
    ma.do_time_out(
        operator_a, case, until=timezone.now() + timedelta(days=1), reason="customer_excited"
    )
    ma.do_plan_visit(
        operator_a, case, planned_at=timezone.now() + timedelta(days=2), confirmed=True
    )
    assert case.followups.filter(status="open").count() >= 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
