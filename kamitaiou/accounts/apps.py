from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kamitaiou.accounts"
    verbose_name = _("People and teams")

    def ready(self) -> None:
        # The login-time stamp must be connected before the first login, not the first request.
        from kamitaiou.accounts import sessions, twofactor  # noqa: F401, PLC0415
