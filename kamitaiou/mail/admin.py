"""Admin: mailboxes (the IMAP password is never stored or shown, only where it is read
from), and the mail that came in, with the quarantine and its re-run."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kamitaiou.mail.models import Mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["address", "name", "team", "default_kind", "imap_host", "active", "last_uid"]
    list_filter = ["active", "team"]
    search_fields = ["address", "name"]
    readonly_fields = ["last_uid", "uidvalidity", "last_polled_at", "last_error"]
    fieldsets = [
        (None, {"fields": ["address", "name", "team", "default_kind", "active"]}),
        (
            _("Reading by IMAP"),
            {
                "fields": [
                    "imap_host",
                    "imap_port",
                    "imap_security",
                    "imap_user",
                    "imap_folder",
                    "password_env",
                    "password_file",
                ]
            },
        ),
        (
            _("Replies"),
            {"fields": ["from_address", "from_name", "signature", "reply_charset"]},
        ),
        (
            _("Poller state"),
            {"fields": ["last_uid", "uidvalidity", "last_polled_at", "last_error"]},
        ),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Mail that came in refers to its mailbox: switch a mailbox off instead.
        return False
