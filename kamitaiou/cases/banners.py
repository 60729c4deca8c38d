"""Notices about a customer that every page of theirs shows on top (decision 0008's way).

An app above ``cases`` tells staff something about a customer on each of their cases and
on the customer page — the protection app: a restriction of service (対応制限) in force —
without ``cases`` importing it. In its ``AppConfig.ready()``::

    register_banner("protection.restriction", order=10, build=restriction_banner,
                    template="protection/_restriction_banner.html")

``build(customer)`` returns ``(text, context)`` — one plain line for places without HTML
(the mail intake's notes) and the template's context (seen as ``banner``) — or ``None``.
It costs at most one bounded query: the case page asserts its query count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Builder = Callable[[Any], "tuple[str, dict[str, Any]] | None"]


@dataclass(frozen=True)
class Banner:
    """A registered banner: how to build it and which template shows it."""

    name: str
    order: int
    build: Builder
    template: str


@dataclass(frozen=True)
class ShownBanner:
    """A banner built for one customer."""

    name: str
    template: str
    text: str
    context: dict[str, Any]


_banners: dict[str, Banner] = {}


def register_banner(name: str, *, order: int, build: Builder, template: str) -> None:
    """Show ``template`` on top of every page of a customer ``build`` answers for."""
    _banners[name] = Banner(name=name, order=order, build=build, template=template)


def unregister_banner(name: str) -> None:
    """Remove a banner (tests that register one for a while)."""
    _banners.pop(name, None)


def customer_banners(customer: Any) -> list[ShownBanner]:
    """The banners to show for ``customer``, in ``order`` (then name)."""
    shown = []
    for banner in sorted(_banners.values(), key=lambda b: (b.order, b.name)):
        built = banner.build(customer)
        if built is not None:
            text, context = built
            shown.append(
                ShownBanner(name=banner.name, template=banner.template, text=text, context=context)
            )
    return shown
