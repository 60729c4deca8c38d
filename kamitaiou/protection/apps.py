from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "kamitaiou.protection"
    label = "protection"
    verbose_name = _("カスハラ対策")

    def ready(self) -> None:
        from kamitaiou.protection import desk_hooks  # noqa: PLC0415

        desk_hooks.connect_all()
