"""What the desk subscribes to (called from ``ProtectionConfig.ready``)."""

from __future__ import annotations

from typing import Any

from kamitaiou.cases import events


def on_harassment_recorded(recorded: events.HarassmentRecorded) -> None:
    """Harassment was recorded on a case (detected or entered by staff): plan the targeted
    person's check-ins, in the same transaction."""
    from kamitaiou.protection.checkins import do_plan_checkins  # noqa: PLC0415

    do_plan_checkins(recorded.actor, recorded.incident, case=recorded.case)


def on_demo_loaded(sender: Any, teams: list[Any], **kwargs: Any) -> None:
    from kamitaiou.protection.desk_demo import load_desk_demo  # noqa: PLC0415

    load_desk_demo(teams)


def connect_all() -> None:
    """The check-in planning, the desk's demo rows (after the protection story, which is
    connected first and plans the story's check-ins) and the report's two desk counts."""
    from kamitaiou.cases.demo_data import demo_loaded  # noqa: PLC0415
    from kamitaiou.protection import desk_counts  # noqa: PLC0415
    from kamitaiou.protection.report import register_desk_count  # noqa: PLC0415

    events.subscribe(events.HarassmentRecorded, on_harassment_recorded)
    demo_loaded.connect(on_demo_loaded, dispatch_uid="protection.desk_demo")
    register_desk_count("checkins_done", desk_counts.checkins_done)
    register_desk_count("consultations_received", desk_counts.consultations_received)
