"""The incident record (issue 16, item 1): pre-filled from the analyzer, confirmed and
completed by a person, every write on the case's hash-chained record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import ActionError, do_add_interaction
from kamitaiou.cases.models import EventKind
from kamitaiou.cases.record import verify_case
from kamitaiou.protection import actions
from kamitaiou.protection.models import Incident
from tests.conftest import make_case

pytestmark = pytest.mark.django_db


def _data(incident, **changes):
    base = {
        "categories": ["verbal_abuse", "dogeza"],
        "demand": "partly",
        "demand_note": "再発行の遅れは当社の不備",
        "manner": "unacceptable",
        "manner_note": "暴言と土下座の要求",
        "threat_to_life": False,
        "targeted": incident.targeted,
        "alone": True,
        "others_present": "",
        "occurred_at": incident.occurred_at,
        "duration_minutes": 30,
        "channel": "phone",
        "summary": "電話で暴言が続いた。",
        "police": "none",
        "lawyer": "none",
        "referral_note": "",
    }
    base.update(changes)
    return actions.IncidentData(**base)


def test_analyzer_detections_prefill_a_draft_with_the_words_as_evidence(abusive_case, operator_a):
    incident = abusive_case.protection_incidents.get()
    assert incident.is_draft
    assert incident.categories == ["verbal_abuse", "dogeza"]
    assert incident.targeted == operator_a
    assert incident.detection is not None
    (evidence,) = incident.evidence.all()
    assert evidence.quote == abusive_case.interactions.get().text
    assert verify_case(abusive_case) == []


def test_a_further_detection_adds_to_the_open_draft_instead_of_opening_another(
    abusive_case, operator_a
):
    do_add_interaction(
        operator_a,
        abusive_case,
        direction="in",
        channel="phone",
        text="誠意を見せないならSNSに書き込んでやる。",
        occurred_at=timezone.now(),
    )
    incident = abusive_case.protection_incidents.get()
    assert "sns_exposure" in incident.categories
    assert incident.evidence.count() == 2


def test_a_draft_is_confirmed_only_with_both_judgements_and_every_write_is_on_the_chain(
    draft, operator_a
):
    with pytest.raises(ActionError, match="要求の妥当性"):
        actions.do_save_incident(operator_a, draft, data=_data(draft, manner=""), confirm=True)
    before = draft.case.events.count()
    confirmed = actions.do_save_incident(operator_a, draft, data=_data(draft), confirm=True)
    assert confirmed.status == "confirmed"
    assert confirmed.verdict == "harassment"
    event = draft.case.events.order_by("-seq").first()
    assert event.kind == EventKind.INCIDENT
    assert event.data["action"] == "protection.confirmed"
    assert draft.case.events.count() == before + 1
    assert verify_case(draft.case) == []


def test_a_legitimate_complaint_made_politely_is_not_harassment_and_takes_no_steps(
    operator_a,
):
    case = make_case(operator_a, first_message="請求額が違います。確認してください。")
    incident = actions.do_open_incident(
        operator_a, case, targeted=operator_a, occurred_at=timezone.now(), channel="phone"
    )
    done = actions.do_save_incident(
        operator_a,
        incident,
        data=_data(incident, categories=[], demand="legitimate", manner="acceptable"),
        confirm=True,
    )
    assert done.verdict == "legitimate_complaint"
    with pytest.raises(ActionError, match="正当なクレーム"):
        actions.do_record_step(operator_a, done, step="warn", at=timezone.now())


def test_contradicting_judgements_are_refused(draft, operator_a):
    with pytest.raises(ActionError, match="相当"):
        actions.do_save_incident(
            operator_a, draft, data=_data(draft, manner="acceptable"), confirm=True
        )
    assert Incident.objects.get(pk=draft.pk).is_draft


def test_evidence_must_quote_the_record_verbatim_and_shows_its_record_hash(
    client, draft, operator_a
):
    message = do_add_interaction(
        operator_a,
        draft.case,
        direction="in",
        channel="phone",
        text="担当の方の自宅の住所を教えてください。明日そちらに伺います。",
        occurred_at=timezone.now(),
    )
    with pytest.raises(ActionError, match="一字一句"):
        actions.do_add_evidence(operator_a, draft, interaction=message, quote="言っていない言葉")
    client.force_login(operator_a)
    url = reverse("protection_evidence", args=[draft.pk])
    response = client.post(url, {"interaction": message.pk, "quote": "自宅の住所を教えてください"})
    assert response.status_code == 302
    page = client.get(reverse("protection_incident", args=[draft.pk])).content.decode()
    assert message.event.hash in page


def test_the_record_form_saves_and_confirms_from_the_page(client, draft, operator_a):
    client.force_login(operator_a)
    url = reverse("protection_incident", args=[draft.pk])
    assert client.get(url).status_code == 200
    form = {
        "categories": ["verbal_abuse", "dogeza"],
        "demand": "partly",
        "manner": "unacceptable",
        "targeted": operator_a.pk,
        "alone": "yes",
        "occurred_at": timezone.localtime(draft.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "４５",
        "channel": "phone",
        "summary": "暴言が続いた",
        "police": "none",
        "lawyer": "consulted",
        "save": "confirm",
    }
    assert client.post(url, form).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "confirmed"
    assert draft.duration_minutes == 45
    assert draft.lawyer == "consulted"


@pytest.mark.parametrize(
    "bad",
    [
        {"duration_minutes": "-5"},
        {"duration_minutes": "99999999999999999999"},
        {"occurred_at": "0001-01-01T00:00"},
        {"categories": ["not_a_category"]},
        {"targeted": "1e9"},
        {"channel": "telepathy"},
        {"summary": "x" * 6000},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(client, draft, operator_a, bad):
    client.force_login(operator_a)
    form = {
        "targeted": operator_a.pk,
        "occurred_at": "2026-11-02T10:00",
        "channel": "phone",
        "police": "none",
        "lawyer": "none",
        "save": "draft",
        **bad,
    }
    response = client.post(reverse("protection_incident", args=[draft.pk]), form)
    assert response.status_code == 400


def test_confirming_an_incomplete_record_shows_what_is_missing(client, draft, operator_a):
    client.force_login(operator_a)
    form = {
        "targeted": operator_a.pk,
        "occurred_at": "2026-11-02T10:00",
        "channel": "phone",
        "police": "none",
        "lawyer": "none",
        "save": "confirm",
    }
    response = client.post(reverse("protection_incident", args=[draft.pk]), form)
    assert response.status_code == 400
    assert "要求の妥当性" in response.content.decode()
    assert Incident.objects.get(pk=draft.pk).is_draft


def test_a_person_opens_a_record_by_hand_from_the_case(client, case_a, operator_a):
    client.force_login(operator_a)
    url = reverse("protection_incident_new", args=[case_a.pk])
    assert client.get(url).status_code == 200
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(url, {"targeted": operator_a.pk, "occurred_at": future, "channel": "phone"})
    assert bad.status_code == 400
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"targeted": operator_a.pk, "occurred_at": now, "channel": "visit"})
    incident = case_a.protection_incidents.get()
    assert response.url == reverse("protection_incident", args=[incident.pk])
    assert incident.channel == "visit"


def test_the_case_page_panel_lists_the_records_the_reader_may_read(client, draft, operator_a):
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[draft.case_id])).content.decode()
    assert reverse("protection_case_panel", args=[draft.case_id]) in page
    body = client.get(reverse("protection_case_panel", args=[draft.case_id])).content.decode()
    assert reverse("protection_incident", args=[draft.pk]) in body


def test_the_categories_read_in_japanese_as_the_pure_core_names_them():
    from django.utils import translation

    from kamitaiou.method.protection import categories as cat
    from kamitaiou.protection.models import Category

    with translation.override("ja"):
        names = {value: str(label) for value, label in Category.choices}
    assert names == {c.value: cat.CATEGORY_JA[c] for c in cat.Category}


def test_the_incident_list_query_count_does_not_grow_with_the_records(
    client, operator_a, django_assert_max_num_queries
):
    from tests.protection.conftest import ABUSE

    client.force_login(operator_a)
    make_case(operator_a, first_message=ABUSE, assignee=operator_a)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("protection_incidents"))
    for n in range(5):
        make_case(operator_a, title=f"件{n}", first_message=ABUSE, assignee=operator_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("protection_incidents")).content.decode()
    assert page.count("件") >= 5
