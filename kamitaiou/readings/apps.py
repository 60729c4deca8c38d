from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingsConfig(AppConfig):
    name = "kamitaiou.readings"
    label = "readings"
    verbose_name = _("Analyzer readings")

    def ready(self) -> None:
        from kamitaiou.cases.side_panels import register_panel  # noqa: PLC0415
        from kamitaiou.readings import hooks  # noqa: PLC0415
        from kamitaiou.readings.overrides import override_panel  # noqa: PLC0415
        from kamitaiou.readings.panel import case_panel  # noqa: PLC0415

        register_panel(
            "readings", order=150, build=case_panel, template="readings/_case_panel.html"
        )
        register_panel(
            "coach_overrides",
            order=160,
            build=override_panel,
            template="readings/_override_panel.html",
        )
        hooks.subscribe_all()
