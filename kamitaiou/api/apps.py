from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kamitaiou.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from kamitaiou.api import webhooks  # noqa: PLC0415

        webhooks.connect()
