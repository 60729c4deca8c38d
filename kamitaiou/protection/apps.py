from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    """カスハラ対策 (issue 16): the incident record, the response procedure, restrictions
    of service, the consultation desk and care for staff. Hears from ``cases`` through
    its events and panels only (decision 0008)."""

    name = "kamitaiou.protection"
    label = "protection"
    verbose_name = _("Customer harassment measures")

    def ready(self) -> None:
        pass
