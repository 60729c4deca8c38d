"""The readings app's subscriptions: a customer's erasure reaches the evidence spans its
corrections copied from the customer's messages (decision 0022)."""

from __future__ import annotations

from typing import Any

from django.db import models

from kamitaiou.cases import events
from kamitaiou.cases.erasure import PLACEHOLDER
from kamitaiou.readings.models import ReadingCorrection


def _erased_spans(spans: Any) -> Any:
    if not isinstance(spans, list):
        return spans
    return [
        {**span, "text": PLACEHOLDER}
        if isinstance(span, dict) and isinstance(span.get("text"), str) and span["text"]
        else span
        for span in spans
    ]


def on_customer_erased(erased: events.CustomerErased) -> None:
    # label, start and end stay (what was corrected); the quoted words go
    rows = ReadingCorrection.objects.filter(case__in=[case.pk for case in erased.cases])
    for pk, spans in rows.order_by("pk").values_list("pk", "added_spans"):
        erased_spans = _erased_spans(spans)
        if erased_spans != spans:
            # corrections are append-only; an erasure is the one sanctioned rewrite
            models.QuerySet.update(
                ReadingCorrection._base_manager.filter(pk=pk), added_spans=erased_spans
            )


def subscribe_all() -> None:
    events.subscribe(events.CustomerErased, on_customer_erased)
