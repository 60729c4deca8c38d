"""Tiles above the inbox from the apps above ``inbox`` (like ``side_panels``, decision 0008).

An app adds a tile without ``inbox`` importing it: in its ``AppConfig.ready()`` it calls::

    register_tile("reports", order=100, build=build_tile, template="reports/_tile.html")

``build(request)`` returns the tile's context (the template sees it as ``tile``) or
``None`` to show nothing to this person. A builder runs a small, fixed number of queries:
the inbox asserts its query count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

Builder = Callable[[HttpRequest], "dict[str, Any] | None"]


@dataclass(frozen=True)
class InboxTile:
    name: str
    order: int
    build: Builder
    template: str


@dataclass(frozen=True)
class ShownTile:
    name: str
    template: str
    context: dict[str, Any]


_tiles: dict[str, InboxTile] = {}


def register_tile(name: str, *, order: int, build: Builder, template: str) -> None:
    """Show ``template`` with ``build(request)`` above the inbox (a name again replaces it)."""
    _tiles[name] = InboxTile(name=name, order=order, build=build, template=template)


def unregister_tile(name: str) -> None:
    _tiles.pop(name, None)


def inbox_tiles(request: HttpRequest) -> list[ShownTile]:
    """The tiles to show ``request``'s person, in order."""
    shown = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.name)):
        context = tile.build(request)
        if context is not None:
            shown.append(ShownTile(name=tile.name, template=tile.template, context=context))
    return shown
