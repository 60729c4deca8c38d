"""Adding to the record: good input is saved once; bad input is a Japanese form error."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from kamitaiou.cases.models import Case, CaseEvent, Interaction


def post(client, user, case, **data):
    client.force_login(user)
    payload = {"direction": "in", "channel": "phone", "occurred_at": "", "text": "確認しました"}
    payload.update(data)
    return client.post(reverse("add_interaction", args=[case.pk]), payload)


def test_interaction_is_recorded_and_shown(client, case_a, operator_a):
    response = post(client, operator_a, case_a, text="明日の朝一で伺います。", direction="out")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "明日の朝一で伺います。" in page
    assert "対応履歴を記録しました" in page


def test_first_outbound_sets_first_response(client, case_a, operator_a):
    assert case_a.first_response_at is None
    post(client, operator_a, case_a, direction="out", text="お詫び申し上げます。")
    case_a.refresh_from_db()
    assert case_a.first_response_at is not None


def test_inbound_does_not_count_as_first_response(client, case_a, operator_a):
    post(client, operator_a, case_a, direction="in", text="まだですか。")
    case_a.refresh_from_db()
    assert case_a.first_response_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "内容を入力してください"),
        ({"text": "   \n  "}, "内容を入力してください"),
        ({"text": "あ" * 20_001}, "内容が長すぎます"),
        ({"occurred_at": "2026-13-45T99:99"}, "正しい日時を入力してください"),
        ({"occurred_at": "昨日"}, "正しい日時を入力してください"),
        ({"occurred_at": "2099-01-01T10:00"}, "未来の日時は指定できません"),
        ({"occurred_at": "1990-01-01T10:00"}, "日時が古すぎます"),
        ({"direction": "sideways"}, "正しく選択してください"),
        ({"channel": "fax"}, "正しく選択してください"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, case_a, operator_a, data, message):
    before = (Interaction.objects.count(), CaseEvent.objects.count())
    response = post(client, operator_a, case_a, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Interaction.objects.count(), CaseEvent.objects.count()) == before


def test_text_of_exactly_the_limit_is_accepted(client, case_a, operator_a):
    assert post(client, operator_a, case_a, text="あ" * 20_000).status_code == 302


def test_bad_input_keeps_what_was_typed(client, case_a, operator_a):
    response = post(client, operator_a, case_a, text="長い説明の下書き", occurred_at="bad")
    assert "長い説明の下書き" in response.content.decode()


def test_adding_to_other_teams_case_is_404_and_saves_nothing(client, case_b, operator_a):
    before = Interaction.objects.count()
    assert post(client, operator_a, case_b).status_code == 404
    assert Interaction.objects.count() == before


def test_adding_to_missing_case_is_404(client, case_a, operator_a):
    client.force_login(operator_a)
    response = client.post(reverse("add_interaction", args=[case_a.pk + 999]), {"text": "x"})
    assert response.status_code == 404


def test_add_interaction_rejects_get(client, case_a, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("add_interaction", args=[case_a.pk])).status_code == 405


def test_past_time_is_kept(client, case_a, operator_a):
    Case.objects.filter(pk=case_a.pk).update(opened_at=datetime(2026, 10, 1, tzinfo=UTC))
    post(client, operator_a, case_a, occurred_at="2026-11-01T10:30", text="過去の電話メモ")
    interaction = Interaction.objects.get(text="過去の電話メモ")
    assert interaction.occurred_at.isoformat().startswith("2026-11-01T01:30")  # 10:30 JST in UTC
