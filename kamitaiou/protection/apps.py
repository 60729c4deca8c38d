from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    """カスハラ対策 (issue 16): the incident record, the response procedure, restrictions
    of service, the consultation desk and care for staff. Hears from ``cases`` through
    its events, panels and banners only (decisions 0008, 0021)."""

    name = "kamitaiou.protection"
    label = "protection"
    verbose_name = _("Customer harassment measures")

    def ready(self) -> None:
        from kamitaiou.cases import events  # noqa: PLC0415
        from kamitaiou.cases.banners import register_banner  # noqa: PLC0415
        from kamitaiou.cases.demo_data import demo_loaded  # noqa: PLC0415
        from kamitaiou.cases.side_panels import register_panel  # noqa: PLC0415
        from kamitaiou.protection import actions, desk_hooks, panel  # noqa: PLC0415
        from kamitaiou.protection.demo import on_demo_loaded  # noqa: PLC0415

        events.subscribe(events.HarassmentRecorded, actions.on_harassment_recorded)
        register_panel(
            "protection", order=50, build=panel.case_panel, template="protection/_case_panel.html"
        )
        register_banner(
            "protection.restriction",
            order=10,
            build=panel.restriction_banner,
            template="protection/_restriction_banner.html",
        )
        demo_loaded.connect(on_demo_loaded, dispatch_uid="protection.demo")
        register_records()
        # The desk: check-ins planned on HarassmentRecorded, its demo rows, its report counts.
        desk_hooks.connect_all()


def register_records() -> None:
    """The rows the case page shows as part of the case's record, sealed into it
    (decisions 0021, 0022): the incident record, its evidence and steps, and the
    restrictions decided on it. The desk's consultations and check-ins are not."""
    from kamitaiou.cases.sealing import register_sealed  # noqa: PLC0415
    from kamitaiou.protection import models as m  # noqa: PLC0415

    register_sealed(
        m.Incident,
        fields=[
            *("detection", "status", "categories", "demand", "demand_note", "manner"),
            *("manner_note", "verdict", "threat_to_life", "targeted", "alone"),
            *("others_present", "occurred_at", "duration_minutes", "channel", "summary"),
            *("police", "lawyer", "referral_note", "created_by", "created_at"),
            *("confirmed_by", "confirmed_at"),
        ],
        erase=["demand_note", "manner_note", "others_present", "summary", "referral_note"],
    )
    register_sealed(
        m.Evidence,
        case_field="incident__case",
        fields=["incident", "interaction", "quote", "added_by", "added_at"],
        erase=["quote"],
    )
    register_sealed(
        m.ResponseStep,
        case_field="incident__case",
        fields=["incident", "step", "by", "at", "wording", "note", "recorded_at"],
        erase=["wording", "note"],
    )
    register_sealed(
        m.Restriction,
        case_field="incident__case",
        fields=[
            *("customer", "incident", "kinds", "reason", "review_on", "decided_by"),
            *("decided_at", "lifted_by", "lifted_at", "lift_reason"),
        ],
        erase=["reason", "lift_reason"],
    )
