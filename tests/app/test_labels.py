"""No code reaches a person: every enum shown goes through its label (``cases.labels``).

Each page is rendered in ``ja`` over the demo data — the inbox, the case page of every
kind and stage the demo reaches, today, escalations, incidents, a customer page and the
admin changelists — and its visible text must not contain a code of the analyzer's
label vocabulary or of the stage enum. The English switch is checked the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from kamitaiou.accounts.models import User
from kamitaiou.analysis.model import Label
from kamitaiou.cases import labels, labels_en
from kamitaiou.cases.models import Case, CaseEvent, Customer, EventKind, HarassmentIncident
from kamitaiou.cases.timeline import summarize
from kamitaiou.method.guidance import STAGE_GUIDANCE_JA
from kamitaiou.method.harassment import HARASSMENT_LABELS_JA
from kamitaiou.method.stages import STAGE_LABELS_JA, Stage
from kamitaiou.method.transitions import TRANSITIONS

#: The analyzer's labels and the stages (the brief), plus every other vocabulary the
#: labels module knows (endings, decisions, follow-up kinds …) but roles, whose codes
#: are also the demo's user names (``admin``, ``operator``).
CODES = sorted(
    {label.value for label in Label}
    | {stage.value for stage in Stage}
    | set().union(*(c for n, c in labels.vocabulary_codes().items() if n != "role"))
)
CODE_RE = re.compile(r"(?<![A-Za-z0-9_\-])(" + "|".join(CODES) + r")(?![A-Za-z0-9_\-])")


class VisibleText(HTMLParser):
    """The text a person sees: text nodes outside script/style (attributes excluded)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def leaked_codes(html: str) -> set[str]:
    return set(CODE_RE.findall(visible(html)))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def demo(db):
    call_command("demo")


def one_case_per_kind_and_stage() -> list[Case]:
    seen: dict[tuple[str, str], Case] = {}
    for case in Case.objects.order_by("pk"):
        seen.setdefault((case.kind, case.stage), case)
    return list(seen.values())


def admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


def pages(client) -> dict[str, str]:
    customer = Customer.objects.order_by("pk").first()
    urls = {
        "inbox": reverse("inbox") + "?tab=team&status=all",
        "inbox-closed": reverse("inbox") + "?tab=team&status=closed",
        "today": reverse("today"),
        "escalations": reverse("escalations"),
        "incidents": reverse("incidents"),
        "customer": reverse("customer_detail", args=[customer.pk]),
        "new-case": reverse("new_case"),
    }
    for case in one_case_per_kind_and_stage():
        urls[f"case {case.kind}/{case.stage}"] = reverse("case_detail", args=[case.pk])
    return urls


def test_no_code_of_the_label_or_stage_vocabulary_is_visible_in_japanese(client, demo):
    supervisor = User.objects.get(username="supervisor")
    client.force_login(supervisor)
    urls = pages(client)
    kinds_and_stages = {name for name in urls if name.startswith("case ")}
    assert len(kinds_and_stages) >= 15  # the demo reaches most stages of every kind
    assert HarassmentIncident.objects.exists()  # the カスハラ list is not empty
    leaks = {name: leaked_codes(get(client, url)) for name, url in urls.items()}
    client.force_login(User.objects.get(username="admin"))
    for url in admin_changelists():
        leaks[url] = leaked_codes(get(client, url))
    assert {name: codes for name, codes in leaks.items() if codes} == {}


def test_the_harassment_list_shows_japanese_names(client, demo):
    client.force_login(User.objects.get(username="supervisor"))
    body = visible(get(client, reverse("incidents")))
    assert "暴言・人格否定" in body or "威圧・脅し" in body


def test_the_admin_case_list_shows_stage_names(client, demo):
    client.force_login(User.objects.get(username="admin"))
    body = visible(get(client, reverse("admin:cases_case_changelist")))
    assert "完了" in body or "受付" in body
    assert not CODE_RE.search(body)


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        (EventKind.OUTCOME, {"ending": "fan", "trust_before": 2, "trust_after": 4}, "ファン"),
        (
            EventKind.ASSESSED,
            {"probability": 70, "recommendation": "decline", "decision": "accept"},
            "推奨 お断りする",
        ),
        (
            EventKind.INCIDENT,
            {"labels": ["dogeza_demand", "sns_exposure"]},
            "土下座の要求・SNS等での晒しの示唆",
        ),
        (EventKind.KIND_CHANGED, {"from": "complaint", "to": "special_request"}, "クレーム"),
        (EventKind.SCOPE_FIXED, {"answers": [{"answer": "a", "attribution": "us"}]}, "自社"),
        (EventKind.TIME_OUT, {"until": "", "reason": "customer_excited"}, "興奮"),
        (EventKind.STAGE_CHANGED, {"from": "received", "to": "empathy"}, "受付 → 共感"),
    ],
)
def test_timeline_lines_name_codes_in_japanese(db, kind, data, expected):
    with translation.override("ja"):
        line = summarize(CaseEvent(kind=kind, data=data), kind="complaint")
    assert expected in line
    assert not CODE_RE.search(line), line


def test_an_unknown_code_is_marked_not_shown_bare(db):
    with translation.override("ja"):
        assert labels.label("stage", "no_such_stage") == "不明（no_such_stage）"


def test_every_code_of_every_vocabulary_has_english():
    for name, codes in labels.vocabulary_codes().items():
        missing = codes - set(labels_en.LABELS[name])
        assert not missing, (name, missing)
    assert set(labels_en.GUIDANCE) == {(k.value, s.value) for k, s in STAGE_GUIDANCE_JA}
    actions = {t.action for transitions in TRANSITIONS.values() for t in transitions}
    assert actions <= set(labels_en.TRANSITIONS)
    assert set(HARASSMENT_LABELS_JA) <= set(labels_en.LABELS["harassment"])


def test_japanese_labels_come_from_the_method_itself():
    with translation.override("ja"):
        for stage, name in STAGE_LABELS_JA.items():
            assert labels.label("stage", stage) == name
    with translation.override("en"):
        assert labels.label("stage", "received") == "Received"


JAPANESE_STAGE_NAMES = sorted(set(STAGE_LABELS_JA.values()) - {"訪問"}, key=len, reverse=True)


def test_the_english_switch_translates_stages_guidance_and_follow_ups(client, demo):
    client.force_login(User.objects.get(username="supervisor"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cases = one_case_per_kind_and_stage()
    for case in cases:
        body = visible(get(client, reverse("case_detail", args=[case.pk])))
        stage_en = labels_en.LABELS["stage"][case.stage]
        assert stage_en in body, (case.kind, case.stage)
        assert labels_en.GUIDANCE[(case.kind, case.stage)].split(":")[0] in body
        assert (
            STAGE_GUIDANCE_JA[next(k for k in STAGE_GUIDANCE_JA if k == (case.kind, case.stage))]
            not in body
        )
    inbox = visible(get(client, reverse("inbox") + "?tab=team&status=all"))
    assert "Inbox" in inbox
    assert not [name for name in JAPANESE_STAGE_NAMES if f" {name} " in f" {inbox} "]
    with_followup = next(
        c for c in Case.objects.order_by("pk") if c.followups.filter(status="open").exists()
    )
    body = visible(get(client, reverse("case_detail", args=[with_followup.pk])))
    kind = with_followup.followups.filter(status="open").first().kind
    assert labels_en.LABELS["followup_kind"][kind] in body
    assert "Follow-ups and SLA" in body
