"""Who may see the mail of a case: whoever may see the case (``cases.access``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.cases.access import visible_cases
from kamitaiou.mail.models import MailAttachment
from kamitaiou.params import parse_id


def get_attachment_for_user(who: Any, attachment_id: Any) -> MailAttachment:
    """The kept attachment ``attachment_id`` if ``who`` may see its case; otherwise 404
    (missing, left out, or another team's alike)."""
    pk = parse_id(str(attachment_id))
    if pk is None:
        raise Http404(_("No such attachment."))
    found = (
        MailAttachment.objects.filter(
            pk=pk, omitted="", interaction__case__in=visible_cases(who).values("pk")
        )
        .select_related("interaction")
        .first()
    )
    if found is None:
        raise Http404(_("No such attachment."))
    return found
