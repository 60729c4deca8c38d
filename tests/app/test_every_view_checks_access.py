"""Every URL that names a case, a customer, an escalation or a follow-up answers another
team's member exactly as it answers for a missing object: 404 (or 405 for the wrong
method, which is decided before anything is looked up). Never 200, never a redirect to
success, never a 500."""

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from kamitaiou.cases.models import Escalation
from tests.conftest import make_case
from tests.walks import walk_complaint_to_executing

ID_PARAMS = {"case_id", "customer_id", "escalation_id", "followup_id", "pk"}


def named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin", "i18n")):
                continue
            yield from named_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            params = set(entry.pattern.converters)
            if params & ID_PARAMS:
                yield entry.name, params


PATTERNS = sorted(named_patterns())


def test_there_are_object_urls_to_check():
    names = {name for name, _params in PATTERNS}
    assert {"case_detail", "case_action", "customer_detail", "accept_escalation"} <= names


@pytest.mark.parametrize(("name", "params"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_other_teams_objects_answer_404(client, operator_b, supervisor_a, name, params):
    case = make_case(operator_b, first_message="訴えます。")  # escalated: has an escalation
    walk_complaint_to_executing(operator_b, case)  # plans a verification follow-up
    followup = case.followups.first()
    assert followup is not None
    values = {
        "case_id": case.pk,
        "customer_id": case.customer_id,
        "escalation_id": Escalation.objects.get(case=case).pk,
        "followup_id": followup.pk if followup else 999_999,
        "pk": 999_999,
        "name": "move",
    }
    kwargs = {key: values[key] for key in params}
    url = reverse(name, kwargs=kwargs)
    client.force_login(supervisor_a)  # a supervisor, but of team A only
    for method in ("get", "post"):
        response = getattr(client, method)(url, {"action": "start_calming", "text": "x"})
        assert response.status_code in (404, 405), (method, url, response.status_code)
