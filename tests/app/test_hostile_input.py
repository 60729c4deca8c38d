"""Hostile input: every form and every id-taking URL, fed values meant to break them.

「²」 (``isdigit()`` but not ``int()``), full-width digits, 23-digit ids, negative numbers,
the years 1 and 9999, empty strings and very long text go into each field of each form,
one at a time, and into every id of every URL. Nothing answers 5xx, and a refused
request (4xx) leaves every table as it was: no half-saved row.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.forms import InteractionForm, NewCaseForm
from kamitaiou.cases.method_views import STEPS, UNPREFIXED
from kamitaiou.cases.models import Case, Visit
from kamitaiou.followups.forms import (
    CadenceForm,
    CompleteForm,
    ContractForm,
    PauseForm,
    SkipForm,
)
from kamitaiou.followups.models import SlaPause
from tests.conftest import make_case
from tests.followups.conftest import walk_complaint_to_executing

HOSTILE = [
    "²",
    "１２",
    "99999999999999999999999",
    "-1",
    "",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
]
#: Also tried on the query parameters (cheap requests).
MORE = [" 1", "1e3", "x" * 3000]
BAD_IDS = ["99999999999999999999999", "9223372036854775808", "0"]


#: Our apps, whose tables must not change on a refused request.
APP_LABELS = (
    "accounts",
    "cases",
    "followups",
    "readings",
    "mail",
    "api",
    "inbox",
    "reports",
    "protection",
    "privacy",
)


def snapshot() -> dict[str, int]:
    """Row counts of every table of our apps, in one query."""
    models = [model for label in APP_LABELS for model in apps.get_app_config(label).get_models()]
    counts = ", ".join(f"(SELECT COUNT(*) FROM {m._meta.db_table})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {m.__name__: n for m, n in zip(models, row, strict=True)}


def sane_value(field: forms.Field) -> Any:
    """A value the field accepts, so that one hostile field at a time is what is tested."""
    if isinstance(field, forms.MultipleChoiceField):
        return [str(field.choices[0][0])]
    if isinstance(field, forms.ModelChoiceField):
        return ""
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _label in field.choices if str(v)]
        return values[0] if values else ""
    if isinstance(field, forms.IntegerField):
        return str(field.min_value or 1)
    if isinstance(field, forms.DateTimeField):
        return (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    if isinstance(field, forms.DateField):
        return timezone.localdate().isoformat()
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.EmailField):
        return "a@example.jp"
    return "テスト"


def form_data(form: forms.Form) -> dict[str, Any]:
    return {form.add_prefix(name): sane_value(field) for name, field in form.fields.items()}


class Probe:
    """Posts and gets through a client that returns 500s instead of raising them."""

    def __init__(self, client: Any) -> None:
        client.raise_request_exception = False
        self.client = client
        self.requests = 0
        self.failures: list[str] = []

    def check(self, method: str, url: str, data: dict[str, Any], what: str) -> int:
        before = snapshot()
        response = getattr(self.client, method)(url, data)
        self.requests += 1
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{status} {method.upper()} {url} {what}")
        elif status >= 400 and snapshot() != before:
            changed = {k for k, v in snapshot().items() if before[k] != v}
            self.failures.append(f"half-saved {sorted(changed)}: {method.upper()} {url} {what}")
        return status

    def each_field(self, url: str, form: forms.Form, *, extra: dict[str, Any] | None = None):
        base = {**form_data(form), **(extra or {})}
        for key in base:
            for value in HOSTILE:
                self.check("post", url, {**base, key: value}, f"{key}={value[:30]!r}")


@pytest.fixture
def scene(operator_a, supervisor_a):
    case = make_case(operator_a, assignee=operator_a)
    walked = make_case(operator_a, assignee=operator_a, title="実行中の案件")
    walk_complaint_to_executing(operator_a, walked)
    return {"case": case, "walked": walked, "followup": walked.followups.get()}


def step_form(name: str, case: Case) -> forms.Form:
    step = STEPS[name]
    extra = {"case": case} if step.needs_case else {}
    return step.form(prefix=None if name in UNPREFIXED else name, **extra)


def test_no_form_answers_5xx_or_half_saves_on_hostile_values(client, scene, operator_a):
    client.force_login(operator_a)
    probe = Probe(client)
    case, walked, followup = scene["case"], scene["walked"], scene["followup"]
    for name in STEPS:
        url = reverse("case_action", args=[walked.pk, name])
        probe.each_field(url, step_form(name, walked))
    probe.each_field(reverse("add_interaction", args=[case.pk]), InteractionForm())
    probe.each_field(
        reverse("new_case"),
        NewCaseForm(user=operator_a, customer_choices=[]),
        extra={"customer": str(case.customer_id), "new_customer_name": ""},
    )
    coach = {"text": "申し訳ございません", "coach_shown": "[]", "finding": "0", "draft": "0"}
    for name in ("coach_check", "coach_apply", "coach_use_draft"):
        for key in coach:
            for value in HOSTILE:
                url = reverse(name, args=[case.pk])
                probe.check("post", url, {**coach, key: value}, f"{key}={value[:30]!r}")
    for url, form in (
        (reverse("followup_complete", args=[followup.pk]), CompleteForm(kind=followup.kind)),
        (reverse("followup_skip", args=[followup.pk]), SkipForm()),
    ):
        form.prefix = ("f" if "complete" in url else "s") + str(followup.pk)
        probe.each_field(url, form)
    probe.each_field(reverse("progress_cadence", args=[walked.pk]), CadenceForm())
    probe.each_field(reverse("sla_pause", args=[walked.pk]), PauseForm())
    probe.each_field(reverse("new_contract", args=[case.customer_id]), ContractForm())
    assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


def test_no_id_or_query_parameter_answers_5xx(client, scene, supervisor_a, admin_user):
    case, followup = scene["case"], scene["followup"]
    pages = [
        ("get", "/", ["page", "tab", "kind", "stage", "status", "q"]),
        ("get", f"/cases/{case.pk}/", ["before"]),
        ("get", "/cases/new/", ["customer", "q"]),
        ("get", "/cases/new/contracts/", ["customer"]),
        ("get", "/today/", []),
        ("get", "/today/badge/", []),
        ("get", "/today/undelivered/", []),
        ("get", "/escalations/", []),
        ("get", "/incidents/", []),
        ("get", f"/followups/{followup.pk}/", ["next"]),
    ]
    id_urls = [
        ("get", "/cases/{}/"),
        ("get", "/customers/{}/"),
        ("get", "/followups/{}/"),
        ("get", "/customers/{}/contracts/new/"),
        ("post", "/cases/{}/interactions/"),
        ("post", "/cases/{}/take/"),
        ("post", "/cases/{}/do/timeout/"),
        ("post", "/cases/{}/coach/"),
        ("post", "/cases/{}/coach/apply/"),
        ("post", "/cases/{}/coach/use/"),
        ("post", "/cases/{}/sla/pause/"),
        ("post", "/cases/{}/sla/resume/"),
        ("post", "/cases/{}/cadence/"),
        ("post", "/followups/{}/complete/"),
        ("post", "/followups/{}/skip/"),
        ("post", "/escalations/{}/accept/"),
    ]
    for who in (supervisor_a, admin_user):
        client.force_login(who)
        probe = Probe(client)
        for method, url, params in pages:
            for param in params:
                for value in HOSTILE + MORE + BAD_IDS:
                    probe.check(method, url, {param: value}, f"{param}={value[:30]!r}")
        for method, pattern in id_urls:
            for bad in BAD_IDS:
                status = probe.check(method, pattern.format(bad), {}, "")
                assert status in (404, 405), (pattern, bad, status)
        probe.check("get", "/calendar/" + "9" * 40 + ".ics", {}, "")
        assert probe.failures == [], f"{len(probe.failures)} of {probe.requests}"


@pytest.mark.parametrize(
    ("name", "field", "ahead", "accepted"),
    [
        ("timeout", "until", timedelta(days=30), True),
        ("timeout", "until", timedelta(days=400), False),
        ("timeout", "until", timedelta(days=365 * 30), False),
        ("visit", "planned_at", timedelta(days=300), True),
        ("visit", "planned_at", timedelta(days=365 * 3), False),
    ],
)
def test_dates_lie_in_a_sane_window(client, scene, operator_a, name, field, ahead, accepted):
    client.force_login(operator_a)
    case = scene["walked"]
    form = step_form(name, case)
    data = form_data(form)
    data[form.add_prefix(field)] = (timezone.localtime() + ahead).strftime("%Y-%m-%dT%H:%M")
    if name == "timeout":
        data["timeout-reason"] = "customer_excited"
    before = (SlaPause.objects.count(), Visit.objects.count())
    response = client.post(reverse("case_action", args=[case.pk, name]), data)
    assert response.status_code == (302 if accepted else 400), response.content.decode()[-500:]
    assert ((SlaPause.objects.count(), Visit.objects.count()) != before) is accepted


def test_the_year_9999_is_refused_everywhere_a_date_is_typed(client, scene, operator_a):
    client.force_login(operator_a)
    case = scene["walked"]
    for name, field in (("timeout", "until"), ("visit", "planned_at")):
        form = step_form(name, case)
        data = {**form_data(form), form.add_prefix(field): "9999-12-31T23:59"}
        response = client.post(reverse("case_action", args=[case.pk, name]), data)
        assert response.status_code == 400
        assert "先すぎます" in response.content.decode() or "年以内" in response.content.decode()
    response = client.post(
        reverse("new_contract", args=[case.customer_id]),
        {"product": "複合機", "start_date": "9999-12-31"},
    )
    assert response.status_code == 400


def test_an_interaction_cannot_be_dated_before_the_case_opened(client, scene, operator_a):
    client.force_login(operator_a)
    case = scene["case"]
    when = timezone.localtime(case.opened_at) - timedelta(days=2)
    response = client.post(
        reverse("add_interaction", args=[case.pk]),
        {
            "direction": "in",
            "channel": "phone",
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "text": "前日の電話",
        },
    )
    assert response.status_code == 400
    assert not case.interactions.filter(text="前日の電話").exists()
