"""Special requests that must be refused, and what to tell the customer (METHOD.md §9.1–9.2).

A request the analyzer labels illegal (``tax_evasion``, ``falsification``) or that
matches the admin's forbidden-request policy can never be approved — not by a
supervisor, not by an admin, however fierce the complaint. Staff get the reason and a
suggested, confident explanation for the customer (§9.3: there is no magic word).

The explanation matches what was asked, read from the analyzer's evidence (the signal
texts): dropping the consumption tax (「消費税分をまけて」) gets the consumption-tax
explanation; a padded receipt (「領収書の金額を水増しして」) is first of all a falsified
document, so the falsification refusal comes first and its tax side speaks of receipts,
not of the consumption tax; no receipt for a lower price (「領収書なしなら安くなる?」) and
sales kept off the books get their own wording.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
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


class TaxEvasionKind(StrEnum):
    """What a ``tax_evasion`` request asks for, told apart by its evidence."""

    CONSUMPTION_TAX = "consumption_tax"  # 消費税を抜いて / まけて / サービスで
    RECEIPT_AMOUNT = "receipt_amount"  # 領収書の金額を水増し / 多めに
    NO_RECEIPT = "no_receipt"  # 領収書なしなら安く / インボイスなしで
    OFF_THE_BOOKS = "off_the_books"  # 帳簿に載せない / 申告しない / 裏金


TAX_EVASION_TEXTS_JA: Mapping[TaxEvasionKind, tuple[str, str]] = MappingProxyType(
    {
        TaxEvasionKind.CONSUMPTION_TAX: (
            ILLEGAL_REASONS_JA["tax_evasion"],
            CUSTOMER_EXPLANATIONS_JA["tax_evasion"],
        ),
        TaxEvasionKind.RECEIPT_AMOUNT: (
            "領収書の金額を実際と異なるものにする（脱税につながる）ご要望は、法律上お受けできません。",
            "領収書は、実際にお支払いいただいた金額でしか発行できません。"
            "実際の金額どおりの領収書でしたら、すぐにご用意いたします。",
        ),
        TaxEvasionKind.NO_RECEIPT: (
            "領収書・インボイスを出さない代わりにお値引きする（売上を隠す）ご要望は、"
            "法律上お受けできません。",
            "お取引はすべて正しく記録し、領収書・インボイスも発行しております。"
            "そのためのお値引きはいたしかねますが、ほかにご提案できることをご案内させてください。",
        ),
        TaxEvasionKind.OFF_THE_BOOKS: (
            "売上を帳簿に載せない・申告しない（脱税に加担する）ご要望は、法律上お受けできません。",
            "お取引はすべて帳簿に記録し、正しく申告しております。"
            "ご期待に沿えず申し訳ございませんが、何卒ご理解いただけますようお願いいたします。",
        ),
    }
)

_CONSUMPTION_TAX = re.compile(r"(?<!脱)税(?!務署)")
_RECEIPT_AMOUNT = re.compile(
    r"水増し|多め|上乗せ|増や|盛っ|盛る|高め|書き換|空欄|白紙|金額を書かな"
)
_NO_RECEIPT = re.compile(r"領収書|インボイス|請求書|伝票")


def tax_evasion_kind(evidence: Iterable[str]) -> TaxEvasionKind:
    """What a ``tax_evasion`` request asks for, from the texts the analyzer highlighted.

    A text about the tax itself (消費税・税抜き, but not a padded receipt) wins; then a
    padded receipt, then a missing receipt or invoice; anything else (脱税, 裏金, 申告しない)
    is keeping sales off the books. With no evidence it is the consumption tax, the
    method's own example (§9.2).
    """
    texts = [text for text in evidence if text]
    if not texts:
        return TaxEvasionKind.CONSUMPTION_TAX
    padded = [bool(_RECEIPT_AMOUNT.search(t)) for t in texts]
    if any(_CONSUMPTION_TAX.search(t) and not pad for t, pad in zip(texts, padded, strict=True)):
        return TaxEvasionKind.CONSUMPTION_TAX
    if any(padded):
        return TaxEvasionKind.RECEIPT_AMOUNT
    if any(_NO_RECEIPT.search(t) for t in texts):
        return TaxEvasionKind.NO_RECEIPT
    return TaxEvasionKind.OFF_THE_BOOKS


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


def _illegal_refusal(label: str, evidence: Iterable[str]) -> Refusal:
    if label == "tax_evasion":
        reason, explanation = TAX_EVASION_TEXTS_JA[tax_evasion_kind(evidence)]
        return Refusal(cause=label, reason_ja=reason, customer_explanation_ja=explanation)
    return Refusal(
        cause=label,
        reason_ja=ILLEGAL_REASONS_JA[label],
        customer_explanation_ja=CUSTOMER_EXPLANATIONS_JA[label],
    )


def forbidden_refusals(
    labels: Iterable[str],
    *,
    policy_matches: Iterable[str] = (),
    evidence: Mapping[str, Iterable[str]] | None = None,
) -> list[Refusal]:
    """Return one ``Refusal`` per illegal label and per matched policy entry.

    ``evidence`` maps an illegal label to the texts the analyzer highlighted for it; the
    explanation is chosen to match them (module docstring). Illegal labels come first —
    tax evasion, then falsification, except that a padded receipt (a falsified document
    first of all) puts falsification first — then policy entries in the given order.
    An empty list means nothing forbids the request.
    """
    seen = set(labels)
    evidence = evidence or {}
    refusals = [
        _illegal_refusal(label, evidence.get(label, ()))
        for label in ILLEGAL_LABELS
        if label in seen
    ]
    if (
        len(refusals) == 2
        and tax_evasion_kind(evidence.get("tax_evasion", ())) is TaxEvasionKind.RECEIPT_AMOUNT
    ):
        refusals.reverse()
    refusals.extend(
        Refusal(
            cause=f"policy:{name}",
            reason_ja=f"社内規定「{name}」により禁止されているご要望です。",
            customer_explanation_ja=POLICY_EXPLANATION_JA,
        )
        for name in dict.fromkeys(policy_matches)
    )
    return refusals
