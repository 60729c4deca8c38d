"""§9.2: the refusal of an illegal request explains what was actually asked."""

from __future__ import annotations

import pytest

from kamitaiou.analysis import analyze
from kamitaiou.method.special_requests import (
    TaxEvasionKind,
    forbidden_refusals,
    tax_evasion_kind,
)
from kamitaiou.method.stages import Stage

CONSUMPTION_TAX = "消費税は法律で定められたもので"


def _evidence(text: str) -> tuple[list[str], dict[str, list[str]]]:
    result = analyze(text).to_dict()
    evidence: dict[str, list[str]] = {}
    for signal in result["signals"]:
        evidence.setdefault(signal["label"], []).append(signal["text"])
    return result["labels"], evidence


def _refusals(text: str):
    labels, evidence = _evidence(text)
    return forbidden_refusals(labels, evidence=evidence)


def test_a_padded_receipt_is_refused_as_falsification_first_without_the_consumption_tax():
    refusals = _refusals("領収書の金額を水増しして")
    assert [r.cause for r in refusals] == ["falsification", "tax_evasion"]
    assert refusals[0].customer_explanation_ja.startswith("日付や金額など、書類の内容を")
    assert all(CONSUMPTION_TAX not in r.customer_explanation_ja for r in refusals)
    assert "実際にお支払いいただいた金額" in refusals[1].customer_explanation_ja


@pytest.mark.parametrize(
    "text",
    [
        "消費税分をまけてくれ",
        "消費税はサービスで",
        "税込みにしないで",
        "税抜き価格で領収書をください",
    ],
)
def test_dropping_the_consumption_tax_gets_the_consumption_tax_explanation(text):
    refusals = _refusals(text)
    assert refusals[0].cause == "tax_evasion"
    assert refusals[0].customer_explanation_ja.startswith(CONSUMPTION_TAX)


def test_no_receipt_for_a_discount_gets_its_own_explanation():
    refusals = _refusals("領収書なしなら安くなる?")
    assert [r.cause for r in refusals] == ["tax_evasion"]
    assert "領収書・インボイスも発行" in refusals[0].customer_explanation_ja
    assert CONSUMPTION_TAX not in refusals[0].customer_explanation_ja


def test_tax_evasion_kind_reads_the_evidence():
    assert tax_evasion_kind([]) is TaxEvasionKind.CONSUMPTION_TAX
    assert tax_evasion_kind(["消費税抜き"]) is TaxEvasionKind.CONSUMPTION_TAX
    assert tax_evasion_kind(["領収書の金額、実際より多め"]) is TaxEvasionKind.RECEIPT_AMOUNT
    assert tax_evasion_kind(["インボイスなし"]) is TaxEvasionKind.NO_RECEIPT
    assert tax_evasion_kind(["帳簿に載せな"]) is TaxEvasionKind.OFF_THE_BOOKS
    assert tax_evasion_kind(["脱税"]) is TaxEvasionKind.OFF_THE_BOOKS


def test_tax_and_a_moved_date_asked_together_keep_the_tax_first():
    refusals = _refusals("消費税抜きで、納品日も先月の日付にしておいて")
    assert [r.cause for r in refusals] == ["tax_evasion", "falsification"]
    assert refusals[0].customer_explanation_ja.startswith(CONSUMPTION_TAX)


def test_without_evidence_the_order_and_texts_are_as_before():
    refusals = forbidden_refusals(["falsification", "tax_evasion"])
    assert [r.cause for r in refusals] == ["tax_evasion", "falsification"]
    assert refusals[0].customer_explanation_ja.startswith(CONSUMPTION_TAX)


@pytest.mark.parametrize("kind", list(TaxEvasionKind))
def test_every_suggested_explanation_passes_the_reply_coach(kind):
    from kamitaiou.method.special_requests import TAX_EVASION_TEXTS_JA

    from .coach.helpers import S, check, serious

    _reason, explanation = TAX_EVASION_TEXTS_JA[kind]
    assert serious(check(explanation, S, Stage.REFUSED)) == []


def test_the_approval_guard_quotes_the_explanation_that_matches_the_request():
    from kamitaiou.method import guards
    from kamitaiou.method.facts import CaseFacts

    facts = CaseFacts(
        labels=frozenset({"tax_evasion", "falsification"}),
        illegal_evidence=(("tax_evasion", "領収書の金額を水増し"), ("falsification", "水増し")),
    )
    reason = guards.not_forbidden(facts) or ""
    assert "お客様へのご説明例: 「日付や金額など、書類の内容を" in reason
    assert CONSUMPTION_TAX not in reason
