from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kamitaiou.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from kamitaiou.inbox.tiles import register_tile  # noqa: PLC0415
        from kamitaiou.reports import hooks  # noqa: PLC0415
        from kamitaiou.reports.tile import build_tile  # noqa: PLC0415

        register_tile("reports", order=100, build=build_tile, template="reports/_tile.html")
        hooks.subscribe_all()
