"""Evaluation: counting rules, quality regression on the dev set, AUC, NAIST format."""

from __future__ import annotations

import math

import pytest

from kamitaiou.analysis.evaluation import (
    evaluate,
    parse_cases,
    read_rows,
    roc_auc,
)
from kamitaiou.analysis.naist_eval import evaluate_naist

from .conftest import DEV_CASES, MONDAY, NAIST, OWN_CASES


def _report(path):
    if not path.exists():
        pytest.skip(f"{path} not available")
    _, rows = read_rows(path)
    return evaluate(parse_cases(rows, source=str(path)), now=MONDAY)


def test_dev_cases_quality_regression():
    report = _report(DEV_CASES)
    assert report.micro.f1 >= 0.95
    assert report.deadline_hits == report.deadline_rows


def test_no_false_positive_on_the_negated_dev_rows():
    report = _report(DEV_CASES)
    negated = {"D007", "D029"}  # 裁判なんて考えていません / 賠償しろなんて言ってない
    assert not [m for m in report.misses if m["id"] in negated]


def test_own_cases_quality_regression():
    report = _report(OWN_CASES)
    assert report.n >= 150
    assert report.micro.f1 >= 0.95
    assert report.deadline_hits == report.deadline_rows


def test_may_labels_are_neither_tp_nor_fp():
    cases = parse_cases(
        [{"id": "x", "text": "弁償しろ", "must": "", "may": "damages_claim"}], source="t"
    )
    report = evaluate(cases, now=MONDAY)
    counts = report.labels["damages_claim"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 0, 0)


def test_label_in_neither_must_nor_may_is_a_false_positive():
    cases = parse_cases([{"id": "x", "text": "弁償しろ", "must": "", "may": ""}], source="t")
    assert evaluate(cases, now=MONDAY).labels["damages_claim"].fp == 1


@pytest.mark.parametrize(
    ("scores", "truth", "expected"),
    [
        ([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75),
        ([1, 1, 1, 1], [0, 1, 0, 1], 0.5),
        ([0, 1], [0, 1], 1.0),
        ([1, 0], [0, 1], 0.0),
    ],
)
def test_roc_auc_rank_formula(scores, truth, expected):
    assert roc_auc(scores, truth) == pytest.approx(expected)


def test_roc_auc_of_one_class_is_nan():
    assert math.isnan(roc_auc([1, 2], [1, 1]))


def test_naist_format_reports_accuracy_and_auc():
    if not NAIST.exists():
        pytest.skip("NAIST file not available")
    _, rows = read_rows(NAIST)
    result = evaluate_naist(rows[:60], now=MONDAY)
    assert result["rows"] == 60
    assert 0.0 <= result["accuracy_anger_ge2"] <= 1.0
    assert 0.0 <= result["auc_anger_score"] <= 1.0
