from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "kamitaiou.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from kamitaiou.cases.side_panels import register_panel  # noqa: PLC0415
        from kamitaiou.followups import hooks  # noqa: PLC0415
        from kamitaiou.followups.anchoring import ensure_anchor  # noqa: PLC0415
        from kamitaiou.followups.panel import case_panel  # noqa: PLC0415
        from kamitaiou.followups.tasks import register_schedule  # noqa: PLC0415

        hooks.subscribe_all()
        register_schedule("record anchor", ensure_anchor)
        register_panel(
            "followups", order=100, build=case_panel, template="followups/_case_panel.html"
        )
