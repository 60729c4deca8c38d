from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "kamitaiou.followups"
    label = "followups"
    verbose_name = _("Follow-ups")

    def ready(self) -> None:
        from kamitaiou.followups import hooks  # noqa: PLC0415

        hooks.subscribe_all()
