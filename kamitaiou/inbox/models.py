"""A person's saved inbox views: a name and the filters' canonical query string."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: a view's name is short: it is a line of the sidebar
NAME_LENGTH = 60
#: the canonical query string of every filter at its longest fits in this
QUERY_LENGTH = 1000
#: views per person: each is one (capped) count on every inbox page
MAX_VIEWS = 20


class SavedView(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    #: ``InboxFilters.query()`` of the saved filters: checked, defaults left out, in order
    query = models.CharField(_("filters"), max_length=QUERY_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_owner_name")
        ]

    def __str__(self) -> str:
        return self.name
