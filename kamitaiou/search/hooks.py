"""The search app's subscriptions: the index changes in the action's own transaction."""

from __future__ import annotations

from kamitaiou.cases import events
from kamitaiou.search import index


def on_case_opened(opened: events.CaseOpened) -> None:
    index.index_case(opened.case)


def on_interaction_recorded(recorded: events.InteractionRecorded) -> None:
    index.index_interaction(recorded.interaction)


def on_customer_saved(saved: events.CustomerSaved) -> None:
    index.index_customer(saved.customer)


def on_contract_saved(saved: events.ContractSaved) -> None:
    index.index_customer(saved.contract.customer)  # the customer's document lists products


def on_customer_erased(erased: events.CustomerErased) -> None:
    # the customer's own document follows its CustomerSaved; the cases' words go here
    index.reindex_cases(case.pk for case in erased.cases)


def subscribe_all() -> None:
    events.subscribe(events.CaseOpened, on_case_opened)
    events.subscribe(events.InteractionRecorded, on_interaction_recorded)
    events.subscribe(events.CustomerSaved, on_customer_saved)
    events.subscribe(events.ContractSaved, on_contract_saved)
    events.subscribe(events.CustomerErased, on_customer_erased)
