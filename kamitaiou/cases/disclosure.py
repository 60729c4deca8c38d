"""Who may export everything held on a customer (APPI 保有個人データの開示).

Admins, for any customer; supervisors, for the customers of the teams they lead (the
customers ``access.visible_customers`` gives them). Operators and sales reps do not: a
request from a customer goes to their supervisor, who answers it (docs/operations.md).
The export itself lives in ``kamitaiou.privacy``; the customer page asks this to show its
button."""

from __future__ import annotations

from typing import Any

from kamitaiou.accounts.models import Role


def may_disclose(user: Any) -> bool:
    """``user`` may export a customer's data (of a customer they may see)."""
    return bool(user.is_authenticated and user.role in (Role.ADMIN, Role.SUPERVISOR))
