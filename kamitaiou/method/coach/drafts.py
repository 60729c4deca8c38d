"""Suggested replies built from the case's facts (METHOD.md §5.2, §5.4, §7, §8, §9.2).

Templates are data (``data/drafts.toml``, then ``drafts*.toml`` in ``extra_dirs``, where
an admin's template of the same kind replaces the built-in one). Which drafts the coach
offers depends on the case's kind and stage: each template lists its ``offered`` stages
as ``"kind.stage"`` (the table is in ``docs/coach.md``).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kamitaiou.method.coach.letter import (
    DERIVED_FROM,
    DraftFacts,
    has_contract,
    letter_values,
    signature_block,
)
from kamitaiou.method.coach.phrasebook import DATA_DIR, TEMPLATE_PREFIX, PhrasebookError
from kamitaiou.method.stages import CaseKind, Stage

__all__ = [
    "Draft",
    "DraftFacts",
    "DraftKind",
    "Template",
    "TemplateSet",
    "fill",
    "load_templates",
    "offered_kinds",
    "render_letter",
    "suggest_drafts",
]


class DraftKind(StrEnum):
    """The replies the coach can draft."""

    EMPATHY = "empathy"  # §5.1, §7-1
    FAN_SCRIPT = "fan_script"  # §7
    PROGRESS_REPORT = "progress_report"  # §5.4
    EARLY_DECLINE = "early_decline"  # §5.2
    REFUSAL_ILLEGAL = "refusal_illegal"  # §9.2
    UTILITARIAN = "utilitarian"  # §8
    NORMATIVE = "normative"  # §8
    COMBINED = "combined"  # §8


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A suggested reply."""

    kind: DraftKind
    title_ja: str
    #: the METHOD.md section the draft follows
    section: str
    text: str
    #: facts that were missing and are shown as placeholders, in order of appearance
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    """One draft template as read from TOML."""

    kind: DraftKind
    title_ja: str
    section: str
    offered: frozenset[tuple[CaseKind, Stage]]
    body: str
    variants: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """All templates by kind, the placeholder labels, and the tables letters draw on."""

    templates: Mapping[DraftKind, Template]
    placeholders: Mapping[str, str]
    #: analyzer label → the subject's noun phrase (「ご返金のご要望」), in priority order
    subjects: Mapping[str, str]
    #: analyzer label → words a contract clause about that demand contains
    clause_terms: Mapping[str, tuple[str, ...]]


def _offered(values: Any, where: str) -> frozenset[tuple[CaseKind, Stage]]:
    if not isinstance(values, list):
        raise PhrasebookError(f"{where}: offered must be a list")
    pairs: set[tuple[CaseKind, Stage]] = set()
    for value in values:
        kind, _, stage = str(value).partition(".")
        try:
            pairs.add((CaseKind(kind), Stage(stage)))
        except ValueError as exc:
            raise PhrasebookError(f"{where}: bad stage {value!r}") from exc
    return frozenset(pairs)


def _template(kind: DraftKind, entry: Any, where: str) -> Template:
    if not isinstance(entry, dict) or not isinstance(entry.get("body"), str):
        raise PhrasebookError(f"{where}: a template needs a body")
    variants = entry.get("variants", {})
    if not isinstance(variants, dict) or not all(isinstance(v, str) for v in variants.values()):
        raise PhrasebookError(f"{where}: variants must be strings")
    return Template(
        kind=kind,
        title_ja=str(entry.get("title", kind.value)),
        section=str(entry.get("section", "")),
        offered=_offered(entry.get("offered", []), where),
        body=entry["body"],
        variants=MappingProxyType(dict(variants)),
    )


@lru_cache(maxsize=16)
def load_templates(extra_dirs: tuple[Path, ...] = ()) -> TemplateSet:
    """Read the built-in templates, then those in ``extra_dirs`` (same kind replaces)."""
    templates: dict[DraftKind, Template] = {}
    placeholders: dict[str, str] = {}
    subjects: dict[str, str] = {}
    clause_terms: dict[str, tuple[str, ...]] = {}
    for directory in (DATA_DIR, *extra_dirs):
        for path in sorted(Path(directory).glob(f"{TEMPLATE_PREFIX}*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise PhrasebookError(f"{path.name}: {exc}") from exc
            placeholders.update({k: str(v) for k, v in data.pop("placeholders", {}).items()})
            subjects.update({k: str(v) for k, v in data.pop("subjects", {}).items()})
            clause_terms.update(_terms_table(data.pop("clause_terms", {}), path.name))
            for name, entry in data.items():
                try:
                    kind = DraftKind(name)
                except ValueError as exc:
                    raise PhrasebookError(f"{path.name}: unknown draft kind {name!r}") from exc
                templates[kind] = _template(kind, entry, f"{path.name}: {name}")
    return TemplateSet(
        templates=MappingProxyType(templates),
        placeholders=MappingProxyType(placeholders),
        subjects=MappingProxyType(subjects),
        clause_terms=MappingProxyType(clause_terms),
    )


def _terms_table(table: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise PhrasebookError(f"{where}: clause_terms must map labels to lists of words")
    return {label: tuple(str(word) for word in words) for label, words in table.items()}


def _variant(template: Template, *, kind: CaseKind, facts: DraftFacts) -> str:
    if template.kind is DraftKind.NORMATIVE and not has_contract(facts):
        key: str | None = "without_terms"
    elif template.kind is DraftKind.REFUSAL_ILLEGAL:
        key = facts.illegal_label
    else:
        key = kind.value
    return template.variants.get(key or "", template.body)


def fill(
    template: str, values: Mapping[str, str], placeholders: Mapping[str, str]
) -> tuple[str, tuple[str, ...]]:
    """Fill ``template`` with ``values``; a missing one becomes its marked blank.

    Returns the text and the missing facts, in order of appearance (a derived value that
    is missing is reported as the fact it comes from: ``addressee`` → ``customer``).
    """
    missing: list[str] = []
    parts: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if name is None:
            continue
        if name in values:
            parts.append(values[name])
            continue
        reported = DERIVED_FROM.get(name, name)
        if reported not in missing:
            missing.append(reported)
        parts.append(placeholders.get(name, f"【{name}】"))
    return "".join(parts), tuple(missing)


def render_letter(
    template: str, facts: DraftFacts, *, extra_dirs: Iterable[Path] = ()
) -> tuple[str, tuple[str, ...]]:
    """Fill ``template`` with the case's facts and close it with the signature block
    (placed where the template says ``{signature}``, else at the end).

    Returns the text and the missing facts, in order of appearance.
    """
    loaded = load_templates(tuple(extra_dirs))
    values = letter_values(facts, subjects=loaded.subjects, clause_terms=loaded.clause_terms)
    block, block_missing = signature_block(facts, loaded.placeholders)
    values["signature"] = block
    if "{signature}" not in template:
        template = template.rstrip() + "\n\n{signature}"
    text, missing = fill(template, values, loaded.placeholders)
    return text, missing + tuple(m for m in block_missing if m not in missing)


def offered_kinds(
    kind: CaseKind, stage: Stage, *, extra_dirs: Iterable[Path] = ()
) -> list[DraftKind]:
    """Return the draft kinds offered for ``kind`` at ``stage``, in ``DraftKind`` order."""
    templates = load_templates(tuple(extra_dirs)).templates
    return [k for k in DraftKind if k in templates and (kind, stage) in templates[k].offered]


def suggest_drafts(
    *,
    kind: CaseKind,
    stage: Stage,
    facts: DraftFacts,
    extra_dirs: Iterable[Path] = (),
) -> list[Draft]:
    """Return the drafts the method offers for ``kind`` at ``stage``, filled with ``facts``."""
    extra = tuple(extra_dirs)
    loaded = load_templates(extra)
    drafts: list[Draft] = []
    for draft_kind in offered_kinds(kind, stage, extra_dirs=extra):
        template = loaded.templates[draft_kind]
        text, missing = render_letter(
            _variant(template, kind=kind, facts=facts), facts, extra_dirs=extra
        )
        drafts.append(
            Draft(
                kind=draft_kind,
                title_ja=template.title_ja,
                section=template.section,
                text=text,
                missing=missing,
            )
        )
    return drafts
