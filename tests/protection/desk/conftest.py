"""The desk's people: a desk person (the permission, no team), and an incident builder."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import make_case, make_user


@pytest.fixture
def desk_user(db: Any) -> Any:
    from django.contrib.auth.models import Permission

    user = make_user("desk", "operator")
    user.user_permissions.add(
        Permission.objects.get(
            codename="handle_consultations", content_type__app_label="protection"
        )
    )
    return user


def record_incident(case: Any, staff: Any, *, at: Any = None) -> Any:
    from kamitaiou.cases.protection_actions import do_record_incident

    return do_record_incident(
        staff,
        case,
        labels=["abuse"],
        what_was_said="ふざけるな、無能！",
        staff=staff,
        occurred_at=at or timezone.now(),
    )


@pytest.fixture
def incident_a(operator_a: Any, supervisor_a: Any) -> Any:
    case = make_case(operator_a, assignee=operator_a, title="暴言の案件")
    return record_incident(case, operator_a)
