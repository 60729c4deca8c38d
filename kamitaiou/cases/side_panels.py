"""The case page's side panels from the apps above ``cases`` (decision 0008).

An app adds a panel to the case page's aside without editing ``cases``: in its
``AppConfig.ready()`` it calls::

    register_panel("followups", order=100, build=case_panel,
                   template="followups/_case_panel.html")

``build(request, case)`` returns the panel's context (the template sees it as
``side_panel``, next to the page's ``case`` and ``request``), or ``None`` to show nothing
for this case. Panels show in ``order`` (then name). A builder fetches what it shows in
bounded queries: the case page asserts its query count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

Builder = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class SidePanel:
    """One registered panel: how to build its context and which template shows it."""

    name: str
    order: int
    build: Builder
    template: str


@dataclass(frozen=True)
class ShownPanel:
    """A panel built for one case page."""

    name: str
    template: str
    context: dict[str, Any]


_panels: dict[str, SidePanel] = {}


def register_panel(name: str, *, order: int, build: Builder, template: str) -> None:
    """Show ``template`` with ``build(request, case)`` on every case page.

    Registering a name again replaces the panel (``ready()`` may run more than once).
    """
    _panels[name] = SidePanel(name=name, order=order, build=build, template=template)


def unregister_panel(name: str) -> None:
    """Remove a panel (tests that register one for a while)."""
    _panels.pop(name, None)


def registered_panels() -> list[SidePanel]:
    """Every registered panel, in the order the page shows them."""
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.name))


def side_panels(request: HttpRequest, case: Any) -> list[ShownPanel]:
    """The panels to show on ``case``'s page, built for ``request``."""
    shown = []
    for panel in registered_panels():
        context = panel.build(request, case)
        if context is not None:
            shown.append(ShownPanel(name=panel.name, template=panel.template, context=context))
    return shown
