"""schemathesis against the app's own OpenAPI document, in-process (the WSGI app, the test
database): every operation × a token of every role (and a read-only one), valid and
invalid inputs generated from the schema. No 5xx, and every answer — status, content
type, body — is one the document declares.

Bounded and reproducible: ``KAMITAIOU_SCHEMATHESIS_EXAMPLES`` examples per operation,
role and mode (default 6; derandomized, no example database), so the run takes well
under a minute on 2 cores. tests/api/test_matrix_and_fuzz.py keeps the hand-written fuzz.
"""

from __future__ import annotations

import datetime
import os
import time

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kamitaiou.followups.models import FollowUp
from tests.api.conftest import api_for
from tests.conftest import make_case, make_contract

EXAMPLES = int(os.environ.get("KAMITAIOU_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("operator_a", "rep_a", "supervisor_a", "admin_user", "operator_b")


@pytest.fixture
def no_rate_limit():
    from kamitaiou.api import urls

    throttle = urls.api.throttle[0]
    saved = throttle.num_requests
    throttle.num_requests = 10**9
    yield
    throttle.num_requests = saved


@pytest.fixture
def some_data(operator_a, supervisor_a):
    """A case, a contract and a follow-up of team A with small ids, for generated ids to hit."""
    case = make_case(operator_a, first_message="納期が遅れています。", assignee=operator_a)
    make_contract(case.customer)
    FollowUp.objects.create(
        case=case,
        customer=case.customer,
        kind="after_follow_checkin",
        due_at=timezone.now() + datetime.timedelta(days=1),
        title="ご様子伺い",
        owner=operator_a,
        dedupe_key="schemathesis:1",
    )
    return case


def _run(operation, mode, token, counter):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        counter["examples"] += 1
        counter["status"][response.status_code // 100] = (
            counter["status"].get(response.status_code // 100, 0) + 1
        )
        case.validate_response(response, checks=CHECKS)

    check()


def test_schemathesis_finds_no_5xx_and_every_answer_conforms_to_the_schema(
    request, settings, no_rate_limit, some_data
):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Requests go straight through the WSGI handler, whose request signals would close the
    # test's database connection (on PostgreSQL): keep it open, as Django's test Client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    tokens = {role: api_for(request.getfixturevalue(role)).headers for role in ROLES}
    tokens["operator_a (read)"] = api_for(request.getfixturevalue("operator_a"), "read").headers
    counter = {"examples": 0, "status": {}}
    started = time.perf_counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 21
    for operation in operations:
        for headers in tokens.values():
            token = headers["Authorization"].removeprefix("Bearer ")
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _run(operation, mode, token, counter)
    elapsed = time.perf_counter() - started
    print(
        f"schemathesis: {len(operations)} operations × {len(tokens)} tokens × 2 modes, "
        f"{counter['examples']} examples, status classes {sorted(counter['status'].items())}, "
        f"0 failures, {elapsed:.1f} s"
    )
    assert counter["examples"] >= len(operations) * len(tokens) * 2
