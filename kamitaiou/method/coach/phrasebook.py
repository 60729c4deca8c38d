"""The coach's phrase lists, read from TOML data files (built-in, then admins' own).

Every ``*.toml`` file in ``data/`` (except the draft templates, ``drafts*.toml``) holds two
kinds of entry:

- **rules** — an array of tables ``[[name]]`` with a ``pattern`` (a Python regular
  expression) and an optional ``replacement`` and ``suggestion``;
- **markers** — a table ``[name]`` with ``patterns = [...]``, combined into one regex.

Files from ``extra_dirs`` are read after the built-in ones and *add* entries to the same
names, so an admin can teach the coach a phrase without touching code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
#: files in a data directory whose name starts so are draft templates, not phrase lists
TEMPLATE_PREFIX = "drafts"


class PhrasebookError(ValueError):
    """A phrase file is malformed: unreadable TOML, a wrong shape or a bad regex."""


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One pattern of a rule, with its optional mechanical rewrite and advice."""

    pattern: re.Pattern[str]
    replacement: str | None = None
    suggestion: str | None = None


#: a marker list with no patterns never matches
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class Phrasebook:
    """All rules and markers, by name."""

    rules: Mapping[str, tuple[PhraseRule, ...]]
    markers: Mapping[str, re.Pattern[str]]

    def rule(self, name: str) -> tuple[PhraseRule, ...]:
        """Return the patterns of rule ``name`` (empty when no file defines it)."""
        return self.rules.get(name, ())

    def marker(self, name: str) -> re.Pattern[str]:
        """Return the combined regex of marker list ``name`` (never matches if absent)."""
        return self.markers.get(name, _NEVER)


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source)
    except re.error as exc:
        raise PhrasebookError(f"{where}: bad pattern {source!r}: {exc}") from exc


def _optional_str(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise PhrasebookError(f"{where}: {key} must be a string")
    return value


def _read(path: Path, rules: dict[str, list[PhraseRule]], markers: dict[str, list[str]]) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PhrasebookError(f"{path.name}: {exc}") from exc
    for name, value in data.items():
        where = f"{path.name}: {name}"
        if isinstance(value, list):
            for entry in value:
                if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
                    raise PhrasebookError(f"{where}: every entry needs a pattern string")
                rules.setdefault(name, []).append(
                    PhraseRule(
                        pattern=_compile(entry["pattern"], where),
                        replacement=_optional_str(entry, "replacement", where),
                        suggestion=_optional_str(entry, "suggestion", where),
                    )
                )
        elif isinstance(value, dict) and isinstance(value.get("patterns"), list):
            for source in value["patterns"]:
                if not isinstance(source, str):
                    raise PhrasebookError(f"{where}: patterns must be strings")
                _compile(source, where)
                markers.setdefault(name, []).append(source)
        else:
            raise PhrasebookError(f"{where}: expected [[{name}]] rules or a patterns list")


def phrase_files(extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """Return the phrase files to read, built-in first, each directory sorted by name."""
    files: list[Path] = []
    for directory in (DATA_DIR, *extra_dirs):
        files.extend(
            p
            for p in sorted(Path(directory).glob("*.toml"))
            if not p.name.startswith(TEMPLATE_PREFIX)
        )
    return files


@lru_cache(maxsize=16)
def load_phrasebook(extra_dirs: tuple[Path, ...] = ()) -> Phrasebook:
    """Read the built-in phrase lists and those in ``extra_dirs`` (cached per tuple)."""
    rules: dict[str, list[PhraseRule]] = {}
    markers: dict[str, list[str]] = {}
    for path in phrase_files(extra_dirs):
        _read(path, rules, markers)
    return Phrasebook(
        rules=MappingProxyType({name: tuple(found) for name, found in rules.items()}),
        markers=MappingProxyType(
            {
                name: re.compile("|".join(f"(?:{s})" for s in found))
                for name, found in markers.items()
            }
        ),
    )
