from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "kamitaiou.mail"
    label = "mail"
    verbose_name = _("Mail")

    def ready(self) -> None:
        from kamitaiou.mail import hooks  # noqa: PLC0415

        hooks.connect_all()
        from kamitaiou.mail.outbound_hooks import connect_outbound  # noqa: PLC0415

        connect_outbound()
