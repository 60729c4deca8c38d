"""Notes the apps above ``cases`` show under an entry of the case record (decision 0008).

The record shows each interaction; an app adds a line under the ones it knows about
(the mail app: 「送信待ち」「送信済み」「送信失敗」 under a reply sent by mail) without
``cases`` importing it. In its ``AppConfig.ready()``::

    register_note("mail.outbound", build=outbound_notes, template="mail/_outbound_note.html")

``build(interactions)`` gets the interactions of one page of the record and returns
``{interaction_id: context}`` for those it has something to say about — in one bounded
query, as the case page asserts its query count, or in none: ``related`` names
relations of the interaction (``"outbound_mail"``) the timeline joins into its own query,
so the builder reads them off the interactions. The template sees the context as
``note`` next to the page's ``case``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Builder = Callable[[Sequence[Any]], "dict[int, dict[str, Any]]"]


@dataclass(frozen=True)
class RecordNote:
    """A registered note: how to build it and which template shows it."""

    name: str
    build: Builder
    template: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShownNote:
    """A note built for one entry of the record."""

    name: str
    template: str
    context: dict[str, Any]


_notes: dict[str, RecordNote] = {}


def register_note(
    name: str, *, build: Builder, template: str, related: tuple[str, ...] = ()
) -> None:
    """Show ``template`` under the entries ``build`` answers for (re-registering replaces)."""
    _notes[name] = RecordNote(name=name, build=build, template=template, related=related)


def related_paths() -> list[str]:
    """The interaction relations the registered notes read (joined by the timeline)."""
    return sorted({path for note in _notes.values() for path in note.related})


def unregister_note(name: str) -> None:
    """Remove a note (tests that register one for a while)."""
    _notes.pop(name, None)


def notes_for(interactions: Sequence[Any]) -> dict[int, list[ShownNote]]:
    """The notes of every interaction in ``interactions``, by interaction id."""
    shown: dict[int, list[ShownNote]] = {}
    if not interactions:
        return shown
    for note in sorted(_notes.values(), key=lambda n: n.name):
        for interaction_id, context in note.build(interactions).items():
            shown.setdefault(interaction_id, []).append(
                ShownNote(name=note.name, template=note.template, context=context)
            )
    return shown
