"""Special requests that must be refused, and what to tell the customer (METHOD.md §9.1–9.2).

A request the analyzer labels illegal (``tax_evasion``, ``falsification``) or that
matches the admin's forbidden-request policy can never be approved — not by a
supervisor, not by an admin, however fierce the complaint. Staff get the reason and a
suggested, confident explanation for the customer (§9.3: there is no magic word).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

#: The test every special handling must pass (§9.1).
BENEFIT_TEST_QUESTION = "本当にこの対応はお客様のためになるか?"

#: Analyzer labels that mark a request as against the law.
ILLEGAL_LABELS: tuple[str, ...] = ("tax_evasion", "falsification")

ILLEGAL_REASONS_JA: Mapping[str, str] = MappingProxyType(
    {
        "tax_evasion": "消費税を免除する（脱税に加担する）ご要望は、法律上お受けできません。",
        "falsification": "書類・記録の改ざんにあたるご要望は、法律上お受けできません。",
    }
)

CUSTOMER_EXPLANATIONS_JA: Mapping[str, str] = MappingProxyType(
    {
        "tax_evasion": (
            "消費税は法律で定められたもので、お値引きの形でも免除することはできません。"
            "ご期待に沿えず申し訳ございませんが、何卒ご理解いただけますようお願いいたします。"
        ),
        "falsification": (
            "日付や金額など、書類の内容を事実と異なるものにすることは法律上できかねます。"
            "事実どおりの書類でしたら、すぐにご用意いたします。"
        ),
    }
)

POLICY_EXPLANATION_JA = (
    "大変申し訳ございませんが、こちらは当社の規定によりお引き受けできないご要望です。"
    "代わりにご提案できることをご案内させてください。"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal:
    """Why a request can never be approved, and what to say to the customer."""

    #: the analyzer label ("tax_evasion") or "policy:<entry name>"
    cause: str
    reason_ja: str
    customer_explanation_ja: str


def forbidden_refusals(
    labels: Iterable[str], *, policy_matches: Iterable[str] = ()
) -> list[Refusal]:
    """Return one ``Refusal`` per illegal label and per matched policy entry.

    Illegal labels come first in a fixed order, then policy entries in the given order.
    An empty list means nothing forbids the request.
    """
    seen = set(labels)
    refusals = [
        Refusal(
            cause=label,
            reason_ja=ILLEGAL_REASONS_JA[label],
            customer_explanation_ja=CUSTOMER_EXPLANATIONS_JA[label],
        )
        for label in ILLEGAL_LABELS
        if label in seen
    ]
    refusals.extend(
        Refusal(
            cause=f"policy:{name}",
            reason_ja=f"社内規定「{name}」により禁止されているご要望です。",
            customer_explanation_ja=POLICY_EXPLANATION_JA,
        )
        for name in dict.fromkeys(policy_matches)
    )
    return refusals
