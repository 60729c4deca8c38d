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
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kamitaiou.method.coach.phrasebook import DATA_DIR, TEMPLATE_PREFIX, PhrasebookError
from kamitaiou.method.stages import CaseKind, Stage


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
class DraftFacts:
    """What the case knows; every field is optional and renders as 「（…）」 when missing."""

    customer: str | None = None
    company: str | None = None
    staff: str | None = None
    product: str | None = None
    incident: str | None = None  # what happened
    request: str | None = None  # what the customer asks for
    agreed: str | None = None  # what was agreed
    progress_done: str | None = None
    progress_next: str | None = None
    due: str | None = None
    terms: str | None = None  # the contract clause's own text
    terms_ref: str | None = None  # e.g. 「第5条（保証）」
    scope: str | None = None  # what the rules make our responsibility
    law: str | None = None
    illegal_label: str | None = None  # the analyzer's label: tax_evasion, falsification
    reason: str | None = None  # why the demand is declined
    alternative: str | None = None
    value: str | None = None
    cost_down: str | None = None
    measure: str | None = None  # root-cause measure


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
    """All templates by kind, and the placeholder labels."""

    templates: Mapping[DraftKind, Template]
    placeholders: Mapping[str, str]


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
    for directory in (DATA_DIR, *extra_dirs):
        for path in sorted(Path(directory).glob(f"{TEMPLATE_PREFIX}*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise PhrasebookError(f"{path.name}: {exc}") from exc
            placeholders.update({k: str(v) for k, v in data.pop("placeholders", {}).items()})
            for name, entry in data.items():
                try:
                    kind = DraftKind(name)
                except ValueError as exc:
                    raise PhrasebookError(f"{path.name}: unknown draft kind {name!r}") from exc
                templates[kind] = _template(kind, entry, f"{path.name}: {name}")
    return TemplateSet(
        templates=MappingProxyType(templates), placeholders=MappingProxyType(placeholders)
    )


def _variant(template: Template, *, kind: CaseKind, facts: DraftFacts) -> str:
    if template.kind is DraftKind.NORMATIVE and not facts.terms:
        key: str | None = "without_terms"
    elif template.kind is DraftKind.REFUSAL_ILLEGAL:
        key = facts.illegal_label
    else:
        key = kind.value
    return template.variants.get(key or "", template.body)


def render_text(
    template: str, facts: DraftFacts, placeholders: Mapping[str, str]
) -> tuple[str, tuple[str, ...]]:
    """Fill ``template``; a missing fact becomes its placeholder label. Returns text, missing."""
    values = {k: v.strip() for k, v in asdict(facts).items() if isinstance(v, str) and v.strip()}
    missing: list[str] = []
    parts: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(literal)
        if name is None:
            continue
        if name in values:
            parts.append(values[name])
        else:
            if name not in missing:
                missing.append(name)
            parts.append(placeholders.get(name, f"（{name}）"))
    return "".join(parts), tuple(missing)


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
    loaded = load_templates(tuple(extra_dirs))
    drafts: list[Draft] = []
    for draft_kind in offered_kinds(kind, stage, extra_dirs=extra_dirs):
        template = loaded.templates[draft_kind]
        text, missing = render_text(
            _variant(template, kind=kind, facts=facts), facts, loaded.placeholders
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
