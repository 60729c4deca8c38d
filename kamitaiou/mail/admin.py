"""Admin: mailboxes (the IMAP password is never stored or shown, only where it is read
from), and the mail that came in, with the quarantine and its re-run."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from kamitaiou.mail.intake import rerun_quarantined
from kamitaiou.mail.models import InboundMail, InboundStatus, Mailbox, MailCustomer


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


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every mail that came in, read-only; the quarantine is the ``quarantined`` filter.

    The raw message can be downloaded as it arrived, and a quarantined one re-run."""

    list_display = [
        "pk",
        "received_at",
        "mailbox",
        "from_address",
        "subject",
        "status",
        "reason",
        "case",
        "raw_link",
    ]
    list_filter = ["status", "mailbox"]
    list_select_related = ["mailbox", "case"]
    search_fields = ["message_id", "subject", "from_address"]
    exclude = ["raw"]
    actions = ["rerun"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[InboundMail]:
        return super().get_queryset(request).defer("raw", "body_text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        raw = path(
            "<int:pk>/raw/",
            self.admin_site.admin_view(self.raw_view),
            name="mail_inboundmail_raw",
        )
        return [raw, *super().get_urls()]

    @admin.display(description=_("raw message"))
    def raw_link(self, obj: InboundMail) -> str:
        url = reverse("admin:mail_inboundmail_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("download .eml"))

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        mail = InboundMail.objects.filter(pk=pk).only("pk", "raw").first()
        if mail is None:
            raise Http404(_("No such mail."))
        if not mail.raw:  # erased with the customer's personal data (decision 0022)
            raise Http404("このメールの原文は個人データの削除により消去されました（削除済み）。")
        response = HttpResponse(bytes(mail.raw), content_type="message/rfc822")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"inbound-{mail.pk}.eml"
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.action(description=_("Re-run the intake (quarantined mail)"))
    def rerun(self, request: HttpRequest, queryset: QuerySet[InboundMail]) -> None:
        done: dict[str, int] = {}
        for mail in queryset.filter(status=InboundStatus.QUARANTINED).select_related("mailbox"):
            result = rerun_quarantined(mail)
            done[str(result.status)] = done.get(str(result.status), 0) + 1
        if not done:
            self.message_user(
                request, _("None of the selected mails is quarantined."), messages.WARNING
            )
            return
        summary = "、".join(
            f"{InboundStatus(status).label}: {count}" for status, count in sorted(done.items())
        )
        self.message_user(request, _("Re-run: %(summary)s") % {"summary": summary})


@admin.register(MailCustomer)
class MailCustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["customer", "mailbox", "created_at"]
    list_select_related = ["customer", "mailbox"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
