from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "kamitaiou.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from kamitaiou.cases import record_actions  # noqa: PLC0415

        record_actions.connect()
