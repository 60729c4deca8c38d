"""Referral personas (METHOD.md §10.4): ask for a referral by naming a concrete person.

Not 「どなたか紹介してください」 but e.g. 「ディスプレイを長時間見るときに、目の疲れで
お悩みの方はいらっしゃいませんか?」. The product families, their keywords and questions
are data (``personas.toml``) so an admin-facing change does not touch code. The result is
a suggestion: staff edit it before using it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class PersonaFamily:
    """One product family of the persona table."""

    name: str
    keywords: tuple[str, ...]
    question: str


@dataclass(frozen=True, slots=True)
class PersonaTable:
    """The whole persona table, loaded from ``personas.toml``."""

    families: tuple[PersonaFamily, ...]
    fallback: str
    fallback_without_product: str
    liked_prefix: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@cache
def persona_table() -> PersonaTable:
    """Load (once) and return the persona table shipped with the package."""
    raw: dict[str, Any] = tomllib.loads(
        resources.files("kamitaiou.method.followups")
        .joinpath("personas.toml")
        .read_text(encoding="utf-8")
    )
    families = tuple(
        PersonaFamily(
            name=str(entry["name"]),
            keywords=tuple(str(keyword) for keyword in entry["keywords"]),
            question=str(entry["question"]),
        )
        for entry in raw["family"]
    )
    return PersonaTable(
        families=families,
        fallback=str(raw["fallback"]["question"]),
        fallback_without_product=str(raw["fallback"]["question_without_product"]),
        liked_prefix=str(raw["with_liked"]["prefix"]),
    )


def _occurs(keyword: str, folded_text: str) -> bool:
    folded = _fold(keyword)
    if folded.isascii():
        # Latin keywords match whole words only: "LAN" in "無線LAN", not in "business plan".
        return re.search(rf"(?<![a-z0-9]){re.escape(folded)}(?![a-z0-9])", folded_text) is not None
    return folded in folded_text


def persona_family(product: str) -> PersonaFamily | None:
    """The family whose longest keyword occurs in ``product`` (table order breaks ties)."""
    folded = _fold(product)
    best: tuple[int, PersonaFamily] | None = None
    for family in persona_table().families:
        for keyword in family.keywords:
            if _occurs(keyword, folded) and (best is None or len(keyword) > best[0]):
                best = (len(keyword), family)
    return None if best is None else best[1]


def _clean(text: str) -> str:
    return text.strip().strip("「」『』\"'").strip().rstrip("。.!！")


def suggest_referral_persona(*, product: str, liked: str = "") -> str:
    """Suggest a concrete Japanese referral question for a customer of ``product``.

    >>> suggest_referral_persona(product="オフィスチェア")
    '長時間のデスクワークで、腰や肩の疲れにお悩みの方はいらっしゃいませんか?'

    When ``liked`` (what the customer liked, in their words) is given, the question is
    preceded by thanks quoting it. Unknown products get a question built on the
    customer's own situation before the contract.
    """
    table = persona_table()
    product = product.strip()
    family = persona_family(product)
    if family is not None:
        question = family.question
    elif product:
        question = table.fallback.format(product=product)
    else:
        question = table.fallback_without_product
    liked = _clean(liked)
    if liked:
        return table.liked_prefix.format(liked=liked) + question
    return question
