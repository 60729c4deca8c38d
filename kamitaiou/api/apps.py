from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kamitaiou.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from kamitaiou.api import followup_due, webhooks  # noqa: PLC0415
        from kamitaiou.followups import tasks  # noqa: PLC0415

        webhooks.connect()
        tasks.register_sweep_step("followup_due_webhooks", followup_due.queue_followups_due)
