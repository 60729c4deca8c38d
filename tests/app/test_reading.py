"""The analyzer inside the app: every inbound message is read on save."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction
from kamitaiou.cases.models import InteractionAnalysis
from tests.conftest import make_case


def test_inbound_message_is_analysed_and_stored(operator_a):
    case = make_case(operator_a, first_message="いい加減にしてください！今週中に持ってきて！")
    analysis = InteractionAnalysis.objects.get(interaction__case=case)
    assert "deadline" in analysis.labels
    assert analysis.anger >= 2
    case.refresh_from_db()
    assert case.due_at is not None and case.anger >= 2


def test_outbound_and_internal_entries_are_not_analysed(case_a, operator_a):
    for direction in ("out", "internal"):
        do_add_interaction(
            operator_a,
            case_a,
            direction=direction,
            channel="phone",
            text="訴えると言われました。",
            occurred_at=timezone.now(),
        )
    assert InteractionAnalysis.objects.filter(interaction__case=case_a).count() == 1


def test_relative_deadline_resolves_against_when_it_was_said(case_a, operator_a):
    said = timezone.make_aware(timezone.datetime(2026, 11, 16, 9, 0))
    interaction = do_add_interaction(
        operator_a,
        case_a,
        direction="in",
        channel="phone",
        text="明日中に連絡ください。",
        occurred_at=said,
    )
    due = interaction.analysis.signals[0]["detail"]["due"]
    assert due.startswith("2026-11-17")


def test_case_page_highlights_the_evidence(client, operator_a):
    case = make_case(operator_a, first_message="誠意がないなら訴えますよ。")
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert '<mark class="sig sig-legal_threat"' in body
    assert ">訴える<" in body or ">訴えます<" in body or "訴え" in body
    assert "法的措置の示唆" in body


def test_highlight_escapes_the_customer_text(client, operator_a):
    case = make_case(operator_a, first_message="<script>alert(1)</script>訴えます")
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_inbox_puts_threats_first_and_shows_badges(client, operator_a):
    make_case(
        operator_a,
        title="穏やかな問い合わせ",
        priority=4,
        assignee=operator_a,
        first_message="請求書の送付先を変更したいです。",
    )
    make_case(
        operator_a,
        title="法的な件",
        priority=2,
        assignee=operator_a,
        first_message="弁護士に相談して訴えます。",
    )
    client.force_login(operator_a)
    body = client.get(reverse("inbox")).content.decode()
    assert body.index("法的な件") < body.index("穏やかな問い合わせ")
    assert "脅し" in body


def test_inbox_puts_angry_before_calm_at_equal_priority(client, operator_a):
    make_case(
        operator_a, title="静かな件", assignee=operator_a, first_message="確認をお願いします。"
    )
    make_case(
        operator_a,
        title="怒りの件",
        assignee=operator_a,
        first_message="何度同じことを言わせるんですか！もう我慢の限界です！！",
    )
    client.force_login(operator_a)
    body = client.get(reverse("inbox")).content.decode()
    assert body.index("怒りの件") < body.index("静かな件")


def test_reanalyze_rereads_outdated_readings(operator_a, capsys):
    case = make_case(operator_a, first_message="訴えます。")
    InteractionAnalysis.objects.filter(interaction__case=case).update(
        lexicon_version="old", labels=[], signals=[]
    )
    case.labels = []
    case.save(update_fields=["labels"])
    call_command("reanalyze")
    assert "Re-read 1 message" in capsys.readouterr().out
    case.refresh_from_db()
    assert "legal_threat" in case.labels
    call_command("reanalyze")
    assert "Re-read 0 message" in capsys.readouterr().out


def test_losing_patience_is_read_as_anger_and_records_no_harassment_incident(operator_a):
    case = make_case(
        operator_a,
        first_message=(
            "先週修理に来てもらったばかりなのに、また紙詰まりで印刷できません。"
            "月末の請求書発行に間に合わないと困るんです。いい加減にしてください。"
        ),
    )
    analysis = InteractionAnalysis.objects.get(interaction__case=case)
    assert analysis.anger >= 1
    assert "abuse" not in analysis.labels
    assert not case.incidents.exists()


def test_a_sit_in_is_recorded_as_a_prolonged_binding_incident(operator_a):
    case = make_case(operator_a, first_message="納得するまで帰らないからな。何時間でも待つぞ。")
    incident = case.incidents.get()
    assert incident.labels == ["prolonged_binding"]
    assert incident.labels_ja == ["長時間拘束・居座り"]


def test_reliance_shows_its_background_hint_on_the_case_page(client, operator_a):
    case = make_case(
        operator_a,
        kind="unreasonable_demand",
        first_message="あなたにしか頼めないんです。来週の月曜までに何とかなりませんか。",
    )
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "頼られている" in body
    assert "あなたを信頼しているからこそのご依頼です" in body


def test_case_page_underlines_the_words_behind_the_anger_reading(client, operator_a):
    case = make_case(operator_a, first_message="これ以上お話しすることはありません。")
    analysis = InteractionAnalysis.objects.get(interaction__case=case)
    assert analysis.anger >= 1
    assert analysis.anger_evidence, "v2 keeps the words that raised the anger"
    assert 0 < analysis.anger_score <= 3
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'class="sig sig-anger"' in body
    assert 'title="怒りと読んだ根拠"' in body
