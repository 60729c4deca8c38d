from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """APPI: the per-customer disclosure (保有個人データの開示) and the view log."""

    name = "kamitaiou.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
