"""Template context of the cases app: the supervisors' header counts.

Lazy: the two COUNT queries run only when a page shows the header (base.html), not
for htmx partials that never read them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kamitaiou.cases.supervision import supervision_counts


def supervision(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    return {"supervision_counts": SimpleLazyObject(lambda: supervision_counts(user))}
