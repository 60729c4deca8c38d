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
        from kamitaiou.protection import actions, panel  # noqa: PLC0415
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
