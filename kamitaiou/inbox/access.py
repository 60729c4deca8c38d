"""Who may see which saved view: its owner only. Anyone else's answers 404, like a
missing one."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.inbox.models import SavedView
from kamitaiou.params import parse_id


def get_view_for_user(who: Any, view_id: Any) -> SavedView:
    """``who``'s saved view ``view_id``; 404 when it is missing or someone else's."""
    user = getattr(who, "user", who)
    number = parse_id(view_id if isinstance(view_id, int) else str(view_id))
    if number is None or not user.is_authenticated:
        raise Http404(_("No such view."))
    try:
        return SavedView.objects.get(pk=number, owner=user)
    except SavedView.DoesNotExist:
        raise Http404(_("No such view.")) from None
