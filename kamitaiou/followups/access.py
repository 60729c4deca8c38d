"""Who may see which follow-ups: exactly those of the cases (or customers) they may see.

Like the cases app, "not yours" and "missing" both answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kamitaiou.cases.access import visible_cases, visible_customers
from kamitaiou.followups.models import FollowUp
from kamitaiou.params import parse_id


def visible_followups(who: Any) -> QuerySet[FollowUp]:
    """Follow-ups of the cases ``who`` may see (and customer-level ones of their customers)."""
    return FollowUp.objects.filter(
        Q(case__in=visible_cases(who).values("pk"))
        | Q(case__isnull=True, customer__in=visible_customers(who).values("pk"))
    )


def get_followup_for_user(who: Any, followup_id: Any) -> FollowUp:
    """The follow-up ``followup_id`` if ``who`` may see it; otherwise 404."""
    pk = parse_id(followup_id if isinstance(followup_id, int) else str(followup_id))
    if pk is None:
        raise Http404(_("No such follow-up."))
    try:
        return visible_followups(who).select_related("case", "customer", "owner").get(pk=pk)
    except FollowUp.DoesNotExist:
        raise Http404(_("No such follow-up.")) from None
