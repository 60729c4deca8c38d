"""Who has the reply box of a case open right now (二重返信防止, issue #13 item 10).

Not part of the case record: a heartbeat row per (case, person), overwritten every ~20 s
by the case page and forgotten once it is older than ``presence.FRESH``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReplyPresence(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(default=timezone.now)
    #: the person's reply box has text in it (they are writing, not only reading)
    drafting = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="reply_presence_case_user")
        ]
        indexes = [models.Index(fields=["case", "last_seen"], name="reply_presence_case_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id}"
