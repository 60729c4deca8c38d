"""Every time a person sees is Asia/Tokyo: the timeline, whatever the stored offset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kamitaiou.cases.models import Case, CaseEvent, EventKind
from kamitaiou.cases.record import append_event
from kamitaiou.cases.timeline import local_time, timeline_for
from tests.conftest import make_case

#: 07:59 UTC is 16:59 in Tokyo: the bug showed the first, people expect the second.
STORED = datetime(2026, 12, 3, 7, 59, tzinfo=UTC)
UTC_ISO = STORED.isoformat()

#: Data of each event kind, every moment in it written in UTC as the record keeps it.
EVENT_DATA = {
    EventKind.CREATED: {"stage": "received"},
    EventKind.ASSIGNED: {"to_name": "op"},
    EventKind.STAGE_CHANGED: {"from": "received", "to": "calming"},
    EventKind.KIND_CHANGED: {"from": "complaint", "to": "special_request"},
    EventKind.CLOSED: {},
    EventKind.FACT_RECORDED: {"fact": "customer_calm", "value": True},
    EventKind.ASSESSED: {
        "probability": 70,
        "expected_value_yen": 1000,
        "recommendation": "decline",
        "decision": "accept",
    },
    EventKind.SCOPE_FIXED: {"answers": [{"answer": "原因", "attribution": "us"}]},
    EventKind.ESCALATED: {"reason": "法的手段"},
    EventKind.ESCALATION_ACCEPTED: {"to_name": "sv"},
    EventKind.REASSIGNED: {"to_name": "rep"},
    EventKind.TIME_OUT: {"until": UTC_ISO, "reason": "cool_down"},
    EventKind.VISIT_PLANNED: {"planned_at": UTC_ISO},
    EventKind.INCIDENT: {"labels": ["abuse"]},
    EventKind.OUTCOME: {"ending": "fan", "trust_before": 2, "trust_after": 4},
    EventKind.BACKGROUND: {"text": "背景"},
    EventKind.FOLLOWUP: {"action": "created", "title": "進捗報告", "due_at": UTC_ISO},
    EventKind.READING_CORRECTED: {"interaction": 1, "anger": [1, 3], "note": "怒り 1→3"},
    EventKind.OVERRIDE_JUDGED: {"interaction": 1, "code": "excuse", "verdict": "coach_wrong"},
    EventKind.PRIORITY_CHANGED: {"from": 2, "to": 4},
    EventKind.RESEALED: {"legacy_head": "0" * 64, "events": 3},
    EventKind.CUSTOMER_CHANGED: {"customer": 1, "note": "contract added"},
    EventKind.ROW_SEALED: {"sealed": []},
    EventKind.ERASED: {"reason": "削除請求", "counts": {"interactions": 2, "events": 1}},
    EventKind.RECORD_PRINTED: {},
    EventKind.DISCLOSED: {"format": "html", "note": "HTML", "via": "web"},
}
#: Kinds whose data carries a moment of its own (shown beside the event's own time).
DATA_MOMENT = {EventKind.TIME_OUT, EventKind.VISIT_PLANNED, EventKind.FOLLOWUP}


def test_every_event_kind_of_the_timeline_is_covered():
    assert set(EVENT_DATA) == set(EventKind) - {EventKind.INTERACTION}


def test_a_stored_utc_moment_reads_in_tokyo_time():
    assert local_time(UTC_ISO) == "2026-12-03 16:59"
    assert local_time("2026-12-03T16:59:00+09:00") == "2026-12-03 16:59"
    assert local_time("") == "" and local_time(None) == ""
    assert local_time("not a time") == "not a time"


@pytest.mark.parametrize("kind", sorted(EVENT_DATA), ids=str)
def test_each_timeline_entry_shows_its_hour_in_tokyo(client, operator_a, kind, monkeypatch):
    case = make_case(operator_a, assignee=operator_a)
    monkeypatch.setattr(timezone, "now", lambda: STORED)
    case = Case.objects.select_for_update().get(pk=case.pk)
    append_event(case, kind=kind, actor=operator_a, data=EVENT_DATA[kind])
    case.save(update_fields=["record_seq", "record_head"])
    monkeypatch.undo()
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    entry = body.split(f'id="e{case.record_seq}"', 1)[1].split("</li>", 1)[0]
    assert "2026-12-03 16:59" in entry  # the event's own time
    assert "07:59" not in entry
    if kind in DATA_MOMENT:
        summary = re.search(r'<div class="text">(.*?)</div>', entry, re.S)
        assert summary is not None and "16:59" in summary.group(1)


def test_an_interaction_entry_shows_its_hour_in_tokyo(client, operator_a):
    from kamitaiou.cases.actions import do_add_interaction

    case = make_case(operator_a, assignee=operator_a)
    do_add_interaction(
        operator_a, case, direction="in", channel="phone", text="電話です。", occurred_at=STORED
    )
    client.force_login(operator_a)
    body = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "2026-12-03 16:59" in body
    assert "2026-12-03 07:59" not in body


def test_a_followup_due_in_tokyo_reads_the_same_in_the_panel_and_the_timeline(client, operator_a):
    """The same follow-up once showed 期限 16:59 in one place and 07:59 in the timeline."""
    case = make_case(operator_a, assignee=operator_a)
    due = timezone.now().astimezone(UTC).replace(microsecond=0) + timedelta(days=2)
    case = Case.objects.select_for_update().get(pk=case.pk)
    append_event(
        case,
        kind=EventKind.FOLLOWUP,
        actor=operator_a,
        data={"action": "created", "title": "確認", "due_at": due.isoformat()},
    )
    case.save(update_fields=["record_seq", "record_head"])
    entries, _older = timeline_for(case)
    shown = f"{timezone.localtime(due):%Y-%m-%d %H:%M}"
    assert shown in entries[-1].summary


def test_demo_events_are_stamped_in_the_story_so_each_timeline_reads_in_order(db):
    call_command("demo")
    checked = 0
    for case in Case.objects.order_by("pk")[:60]:
        times = []
        for event in (
            CaseEvent.objects.filter(case=case).select_related("interaction").order_by("seq")
        ):
            times.append(event.interaction.occurred_at if event.interaction else event.created_at)
        assert times == sorted(times), f"case {case.pk} reads out of order"
        created = case.events.get(seq=1).created_at
        assert abs(created - case.opened_at) < timedelta(seconds=1)
        checked += 1
    assert checked == 60
