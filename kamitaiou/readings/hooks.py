"""The readings app's subscriptions: a customer's erasure reaches the evidence spans its
corrections copied from the customer's messages (decision 0022)."""

from __future__ import annotations

from kamitaiou.cases import events
from kamitaiou.cases.erasure import erase_data, erase_rows
from kamitaiou.readings.models import ReadingCorrection


def on_customer_erased(erased: events.CustomerErased) -> None:
    # label, start and end stay (what was corrected); the quoted words go
    rows = ReadingCorrection.objects.filter(case__in=[case.pk for case in erased.cases])
    for pk, spans in rows.order_by("pk").values_list("pk", "added_spans"):
        erased_spans = erase_data(spans)  # each span's "text"; label, start, end stay
        if erased_spans != spans:
            erase_rows(ReadingCorrection.objects.filter(pk=pk), added_spans=erased_spans)


def subscribe_all() -> None:
    events.subscribe(events.CustomerErased, on_customer_erased)
