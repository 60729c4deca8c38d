"""Correcting the analyzer's reading on the case page: who may, what is kept, what is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kamitaiou.cases.actions import ActionError, do_add_interaction
from kamitaiou.cases.models import CaseEvent, EventKind, InteractionAnalysis
from kamitaiou.cases.record import verify_case
from kamitaiou.readings.actions import do_correct_reading
from kamitaiou.readings.models import ReadingCorrection
from tests.conftest import make_case

MESSAGE = "先週修理に来てもらったのに、また紙詰まりです。お金を返してほしいくらいです。"


@pytest.fixture
def case(operator_a):
    return make_case(operator_a, first_message=MESSAGE, assignee=operator_a)


@pytest.fixture
def message(case):
    return case.interactions.get(direction="in")


def _post(client, case, message, htmx=False, **fields):
    data = {"interaction": str(message.pk)}
    data.update({f"r{message.pk}-{k}": v for k, v in fields.items()})
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("correct_reading", args=[case.pk]), data, **headers)


def test_the_assigned_person_corrects_the_anger_and_it_is_on_the_record(case, message, operator_a):
    before = InteractionAnalysis.objects.get(interaction=message)
    correction = do_correct_reading(operator_a, message, anger=3)
    assert (correction.anger_before, correction.anger_after) == (before.anger, 3)
    event = CaseEvent.objects.get(case=case, kind=EventKind.READING_CORRECTED)
    assert correction.event == event
    assert event.actor == operator_a
    assert event.data["anger"] == [before.anger, 3]
    assert f"怒り {before.anger}→3" in event.data["note"]
    assert verify_case(case) == []


def test_a_supervisor_adds_a_missing_label_with_the_words_that_show_it(case, message, supervisor_a):
    correction = do_correct_reading(
        supervisor_a, message, anger=2, add_label="damages_claim", add_words="お金を返して"
    )
    (span,) = correction.added_spans
    assert span["label"] == "damages_claim"
    assert message.text[span["start"] : span["end"]] == "お金を返して"
    assert "damages_claim" in correction.labels_after
    assert correction.added_labels == ["damages_claim"]


def test_an_admin_removes_a_wrong_label_and_the_analysis_stays_as_it_was(operator_a, admin_user):
    case = make_case(operator_a, first_message="明日までに返金してください。")
    message = case.interactions.get(direction="in")
    analysis = InteractionAnalysis.objects.get(interaction=message)
    assert "refund" in analysis.labels
    correction = do_correct_reading(admin_user, message, anger=analysis.anger, remove=["refund"])
    assert correction.removed_labels == ["refund"]
    analysis.refresh_from_db()
    assert "refund" in analysis.labels  # never rewritten


def test_a_second_correction_starts_from_the_first(case, message, operator_a):
    do_correct_reading(operator_a, message, anger=3)
    second = do_correct_reading(operator_a, message, anger=1)
    assert (second.anger_before, second.anger_after) == (3, 1)
    assert ReadingCorrection.objects.filter(interaction=message).count() == 2


def test_corrections_are_append_only(case, message, operator_a):
    from kamitaiou.cases.models import AppendOnlyError

    correction = do_correct_reading(operator_a, message, anger=3)
    correction.anger_after = 0
    with pytest.raises(AppendOnlyError):
        correction.save()
    with pytest.raises(AppendOnlyError):
        ReadingCorrection.objects.all().delete()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"anger": 3, "add_label": "discount", "add_words": "値引きしろ"}, "メッセージにある"),
        ({"anger": 3, "add_label": "deadline", "add_words": "先週"}, "ラベルを選んで"),
        ({"anger": 9}, "0〜3"),
        ({"anger": 0, "remove": ["abuse"]}, "いま付いている"),
    ],
)
def test_wrong_corrections_are_refused_and_nothing_is_saved(
    case, message, operator_a, fields, problem
):
    head = case.record_seq
    with pytest.raises(ActionError, match=problem):
        do_correct_reading(operator_a, message, **fields)
    case.refresh_from_db()
    assert case.record_seq == head
    assert not ReadingCorrection.objects.exists()


def test_a_correction_that_changes_nothing_is_refused(case, message, operator_a):
    anger = InteractionAnalysis.objects.get(interaction=message).anger
    with pytest.raises(ActionError, match="訂正する内容がありません"):
        do_correct_reading(operator_a, message, anger=anger)


def test_a_team_member_who_is_not_assigned_may_not_correct(case, message, rep_a):
    with pytest.raises(ActionError):
        do_correct_reading(rep_a, message, anger=3)


def test_only_messages_from_the_customer_can_be_corrected(case, operator_a):
    from django.utils import timezone

    reply = do_add_interaction(
        operator_a,
        case,
        direction="out",
        channel="mail",
        text="申し訳ございません。",
        occurred_at=timezone.now(),
    )
    with pytest.raises(ActionError):
        do_correct_reading(operator_a, reply, anger=1)


# --- the page and the view ------------------------------------------------------------


def test_the_case_page_shows_the_panel_with_a_form_for_the_assigned_person(
    client, case, message, operator_a
):
    client.force_login(operator_a)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="readings"' in page
    assert f'id="reading-{message.pk}"' in page
    assert f'name="r{message.pk}-anger"' in page


def test_others_see_the_readings_but_not_the_form(client, case, message, rep_a):
    client.force_login(rep_a)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'id="reading-{message.pk}"' in page
    assert f'name="r{message.pk}-anger"' not in page


def test_a_correction_through_the_page_is_saved_and_shown_beside_the_original(
    client, case, message, supervisor_a
):
    client.force_login(supervisor_a)
    response = _post(
        client, case, message, anger="3", add_label="damages_claim", add_words="お金を返して"
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reading-{message.pk}")
    correction = ReadingCorrection.objects.get()
    assert correction.actor == supervisor_a
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "訂正済み" in page
    assert "損害賠償の要求" in page
    assert "読み取りの訂正" in page  # the record's entry


def test_an_htmx_correction_asks_for_the_page_to_reload(client, case, message, operator_a):
    client.force_login(operator_a)
    response = _post(client, case, message, htmx=True, anger="3")
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    assert ReadingCorrection.objects.count() == 1


@pytest.mark.parametrize("htmx", [True, False])
def test_bad_input_gets_the_form_back_with_its_error_and_nothing_saved(
    client, case, message, operator_a, htmx
):
    client.force_login(operator_a)
    response = _post(
        client, case, message, htmx=htmx, anger="3", add_label="discount", add_words="ない言葉"
    )
    assert response.status_code == 400
    assert "メッセージにありません" in response.content.decode()
    assert not ReadingCorrection.objects.exists()


def test_garbage_anger_is_a_form_error(client, case, message, operator_a):
    client.force_login(operator_a)
    response = _post(client, case, message, anger="<b>")
    assert response.status_code == 400
    assert not ReadingCorrection.objects.exists()


def test_a_team_member_who_may_not_correct_gets_403(client, case, message, rep_a):
    client.force_login(rep_a)
    assert _post(client, case, message, anger="3").status_code == 403
    assert not ReadingCorrection.objects.exists()


def test_another_teams_case_answers_404(client, case, message, operator_b):
    client.force_login(operator_b)
    assert _post(client, case, message, anger="3").status_code == 404


@pytest.mark.parametrize("raw", ["", "abc", "-1", "99999999", "1" * 30])
def test_a_missing_or_garbage_message_id_answers_404(client, case, operator_a, raw):
    client.force_login(operator_a)
    response = client.post(
        reverse("correct_reading", args=[case.pk]), {"interaction": raw, "anger": "3"}
    )
    assert response.status_code == 404


def test_a_message_of_another_case_answers_404(client, case, operator_a):
    other = make_case(operator_a, first_message="返金してください。", assignee=operator_a)
    client.force_login(operator_a)
    response = _post(client, case, other.interactions.get(direction="in"), anger="3")
    assert response.status_code == 404


def test_get_is_not_allowed(client, case, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("correct_reading", args=[case.pk])).status_code == 405


def test_login_is_required(client, case, message):
    response = _post(client, case, message, anger="3")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_case_page_queries_do_not_grow_with_messages_and_corrections(
    client, case, message, operator_a, django_assert_max_num_queries
):
    from django.utils import timezone

    do_correct_reading(operator_a, message, anger=3)
    client.force_login(operator_a)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("case_detail", args=[case.pk]))
    for n in range(5):
        m = do_add_interaction(
            operator_a,
            case,
            direction="in",
            channel="mail",
            text=f"{n}回目です。返金してください。",
            occurred_at=timezone.now(),
        )
        read = InteractionAnalysis.objects.get(interaction=m).anger
        do_correct_reading(operator_a, m, anger=0 if read >= 2 else 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.content.decode().count("訂正済み") >= 6
