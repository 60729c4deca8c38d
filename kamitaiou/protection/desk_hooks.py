"""What the desk subscribes to (called from ``ProtectionConfig.ready``)."""

from __future__ import annotations

from typing import Any

from kamitaiou.cases import events


def on_incident_recorded(recorded: events.IncidentRecorded) -> None:
    """An incident was recorded: plan the targeted person's check-ins (same transaction)."""
    from kamitaiou.protection.checkins import do_plan_checkins  # noqa: PLC0415

    do_plan_checkins(recorded.actor, recorded.incident, case=recorded.case)


def on_demo_loaded(sender: Any, teams: list[Any], **kwargs: Any) -> None:
    from kamitaiou.protection.desk_demo import load_desk_demo  # noqa: PLC0415

    load_desk_demo(teams)


def on_demo_finished(sender: Any, teams: list[Any], **kwargs: Any) -> None:
    from kamitaiou.protection.desk_demo import finish_desk_demo  # noqa: PLC0415

    finish_desk_demo(teams)


def connect_all() -> None:
    from kamitaiou.cases.demo_data import demo_finished, demo_loaded  # noqa: PLC0415

    events.subscribe(events.IncidentRecorded, on_incident_recorded)
    demo_loaded.connect(on_demo_loaded, dispatch_uid="protection.desk_demo")
    demo_finished.connect(on_demo_finished, dispatch_uid="protection.desk_demo_finished")
