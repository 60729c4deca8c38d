"""The follow-ups app hears the case events it plans from, subscribed at start-up."""

from __future__ import annotations

from django.apps import apps

from kamitaiou.cases import events
from kamitaiou.followups import hooks


def test_the_followups_app_subscribes_to_every_case_event_it_plans_from():
    assert events.subscribers(events.StageChanged) == [hooks.on_stage_changed]
    assert events.subscribers(events.CustomerContacted) == [hooks.on_inbound]
    assert events.subscribers(events.ProgressReportRecorded) == [hooks.on_progress_report]
    assert events.subscribers(events.TimeOutTaken) == [hooks.on_time_out]
    assert events.subscribers(events.FactRecorded) == [hooks.on_fact_recorded]
    assert events.subscribers(events.VisitPlanned) == [hooks.on_visit_planned]


def test_running_ready_again_does_not_subscribe_twice():
    apps.get_app_config("followups").ready()
    assert events.subscribers(events.StageChanged) == [hooks.on_stage_changed]
