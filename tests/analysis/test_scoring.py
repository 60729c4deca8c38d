"""Anger and anxiety levels from lexicon cues, typographic cues, labels and structure."""

from __future__ import annotations

import pytest

from kamitaiou.analysis.cues import count_cues
from kamitaiou.analysis.scoring import level

from .conftest import run

#: these tests pin down the rule engine; the combination is measured in test_reader.py and
#: by the evaluation sets
pytestmark = pytest.mark.usefixtures("rules_only")


@pytest.mark.parametrize(("points", "expected"), [(-1, 0), (0, 0), (1, 1), (2, 2), (3, 2), (4, 3)])
def test_points_map_to_levels(points, expected):
    assert level(points) == expected


def test_cues_are_counted_on_the_raw_text():
    cues = count_cues("ちょっと！！！いつまで？？ｗｗｗ😡😡すごーーい")
    assert cues.exclamation_runs == 1
    assert cues.question_runs == 1
    assert cues.laughs >= 1
    assert cues.angry_emoji == 2
    assert cues.stretches == 1


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("いつも丁寧にありがとうございます。", 0, 0),
        ("配送状況を教えてください。", 0, 0),
        ("正直がっかりです。", 1, 1),
        ("いい加減にしてください!", 2, 2),
        ("ふざけんな", 3, 3),
        ("何度言えば分かるんですか。もう我慢の限界です。", 3, 3),
        ("責任者出せ!!", 2, 3),
    ],
)
def test_anger_levels(text, low, high):
    assert low <= run(text).anger <= high


def test_exclamations_raise_anger():
    assert run("いつまで待たせるの!!!😡").anger > run("いつまで待たせるの").anger - 1
    assert run("返金して!!😡😡").anger >= 2


@pytest.mark.parametrize(
    ("text", "minimum"),
    [("ちゃんと届くか心配で夜も眠れません。", 2), ("不安です", 2), ("大丈夫でしょうか", 1)],
)
def test_anxiety_levels(text, minimum):
    assert run(text).anxiety >= minimum


def test_calm_text_has_no_anxiety():
    assert run("見積もりをお願いします").anxiety == 0
