from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kamitaiou.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from kamitaiou.search import hooks  # noqa: PLC0415

        hooks.subscribe_all()
