"""The reports app's subscriptions: a customer's erasure empties the exports that may
hold them (decision 0022)."""

from __future__ import annotations

from kamitaiou.cases import events
from kamitaiou.reports.models import ExportJob, ExportState


def on_customer_erased(erased: events.CustomerErased) -> None:
    # An export's rows are not kept per case, so which files name the customer is not
    # known without opening each; every file written (or being written) from the data
    # before this erasure goes. A queued export has read nothing yet and stays.
    ExportJob.objects.filter(state__in=(ExportState.DONE, ExportState.RUNNING)).update(
        state=ExportState.ERASED, content=b""
    )


def subscribe_all() -> None:
    events.subscribe(events.CustomerErased, on_customer_erased)
