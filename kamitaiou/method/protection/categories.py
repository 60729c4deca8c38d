"""The conduct an incident records, and whether it is harassment at all.

The categories follow the guideline to the amended 労働施策総合推進法 (several may apply to
one incident). Two judgements are kept apart because a legitimate complaint is not
harassment (東京都カスタマー・ハラスメント防止条例 第5条): *is the demand legitimate* and
*is the manner acceptable* (社会通念上相当か). Only the combination decides the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType


class Category(StrEnum):
    """One kind of conduct (the guideline's examples)."""

    VERBAL_ABUSE = "verbal_abuse"
    INTIMIDATION = "intimidation"
    VIOLENCE = "violence"
    DOGEZA = "dogeza"
    SNS_EXPOSURE = "sns_exposure"
    COVERT_RECORDING = "covert_recording"
    PROLONGED_BINDING = "prolonged_binding"
    REPEATED_CONTACT = "repeated_contact"
    EXCESSIVE_DEMAND = "excessive_demand"
    SEXUAL_CONDUCT = "sexual_conduct"
    STAFF_PRIVACY = "staff_privacy"


CATEGORY_JA: Mapping[Category, str] = MappingProxyType(
    {
        Category.VERBAL_ABUSE: "暴言・人格否定",
        Category.INTIMIDATION: "威嚇・脅迫",
        Category.VIOLENCE: "暴力",
        Category.DOGEZA: "土下座の要求",
        Category.SNS_EXPOSURE: "SNS等での晒し・脅し",
        Category.COVERT_RECORDING: "無断撮影・録音",
        Category.PROLONGED_BINDING: "長時間拘束・居座り",
        Category.REPEATED_CONTACT: "執拗な繰り返し（電話・来訪）",
        Category.EXCESSIVE_DEMAND: "過剰・不当な要求",
        Category.SEXUAL_CONDUCT: "性的な言動",
        Category.STAFF_PRIVACY: "従業員の個人情報の要求・暴露",
    }
)

#: What the analyzer's labels (``method.harassment.HARASSMENT_LABELS``) pre-fill, and the
#: staff-recorded 過剰要求 of the case-side detection.
LABEL_CATEGORIES: Mapping[str, Category] = MappingProxyType(
    {
        "abuse": Category.VERBAL_ABUSE,
        "intimidation": Category.INTIMIDATION,
        "violence_threat": Category.VIOLENCE,
        "dogeza_demand": Category.DOGEZA,
        "sns_exposure": Category.SNS_EXPOSURE,
        "prolonged_binding": Category.PROLONGED_BINDING,
        "excessive_demand": Category.EXCESSIVE_DEMAND,
    }
)

#: Conduct that calls for the immediate hand-over (no warning first).
IMMEDIATE_CATEGORIES: frozenset[Category] = frozenset({Category.VIOLENCE})

#: Conduct that is about the *manner* (everything but the demand itself).
MANNER_CATEGORIES: frozenset[Category] = frozenset(Category) - {Category.EXCESSIVE_DEMAND}


def ordered(categories: Iterable[str]) -> tuple[Category, ...]:
    """Known categories among ``categories``, once each, in the guideline's order."""
    seen = set(categories)
    return tuple(category for category in Category if category.value in seen)


def categories_from_labels(labels: Iterable[str]) -> tuple[Category, ...]:
    """The categories a draft incident starts with, from the analyzer's labels."""
    return ordered(LABEL_CATEGORIES[label] for label in labels if label in LABEL_CATEGORIES)


def categories_ja(categories: Iterable[str]) -> tuple[str, ...]:
    """The Japanese names of ``categories`` (unknown codes are left out)."""
    return tuple(CATEGORY_JA[category] for category in ordered(categories))


def needs_immediate_handover(categories: Iterable[str], *, threat_to_life: bool) -> bool:
    """True for violence or a threat to life: hand to a supervisor before anything else."""
    return threat_to_life or any(c in IMMEDIATE_CATEGORIES for c in ordered(categories))


class Demand(StrEnum):
    """Is what the customer asks for legitimate (要求内容の妥当性)?"""

    LEGITIMATE = "legitimate"
    PARTLY = "partly"
    NOT_LEGITIMATE = "not_legitimate"


class Manner(StrEnum):
    """Is the way it is asked for acceptable (手段・態様の相当性)?"""

    ACCEPTABLE = "acceptable"
    UNACCEPTABLE = "unacceptable"


DEMAND_JA: Mapping[Demand, str] = MappingProxyType(
    {
        Demand.LEGITIMATE: "妥当（正当な要求）",
        Demand.PARTLY: "一部妥当",
        Demand.NOT_LEGITIMATE: "妥当性なし",
    }
)
MANNER_JA: Mapping[Manner, str] = MappingProxyType(
    {
        Manner.ACCEPTABLE: "社会通念上相当",
        Manner.UNACCEPTABLE: "社会通念上不相当",
    }
)


class Verdict(StrEnum):
    """What the two judgements and the conduct add up to."""

    HARASSMENT = "harassment"
    LEGITIMATE_COMPLAINT = "legitimate_complaint"
    TO_REVIEW = "to_review"


VERDICT_JA: Mapping[Verdict, str] = MappingProxyType(
    {
        Verdict.HARASSMENT: "カスタマーハラスメントに該当",
        Verdict.LEGITIMATE_COMPLAINT: "正当なクレーム（カスハラには該当しない）",
        Verdict.TO_REVIEW: "要検討（上長・相談窓口と判断）",
    }
)


def verdict(demand: Demand, manner: Manner, categories: Iterable[str]) -> Verdict:
    """Harassment when the manner is unacceptable, or when the demand itself lacks
    legitimacy and was recorded as 過剰・不当な要求; a legitimate demand made acceptably
    is a complaint to be handled, never harassment."""
    found = ordered(categories)
    if manner is Manner.UNACCEPTABLE:
        return Verdict.HARASSMENT
    if demand is Demand.NOT_LEGITIMATE and Category.EXCESSIVE_DEMAND in found:
        return Verdict.HARASSMENT
    if demand is Demand.LEGITIMATE:
        return Verdict.LEGITIMATE_COMPLAINT
    return Verdict.TO_REVIEW


def judgement_problems(
    demand: Demand, manner: Manner, categories: Iterable[str]
) -> tuple[str, ...]:
    """Why these judgements and this conduct do not fit together (empty when they do)."""
    found = ordered(categories)
    problems: list[str] = []
    if manner is Manner.UNACCEPTABLE and not any(c in MANNER_CATEGORIES for c in found):
        problems.append("態様を「不相当」とした場合は、該当する言動の類型を選んでください。")
    if manner is Manner.ACCEPTABLE and any(c in MANNER_CATEGORIES for c in found):
        problems.append(
            "暴言・威嚇などの言動を選んだ場合、態様を「社会通念上相当」とはできません。"
        )
    if demand is Demand.LEGITIMATE and Category.EXCESSIVE_DEMAND in found:
        problems.append("要求が妥当な場合、「過剰・不当な要求」にはあたりません。")
    return tuple(problems)
