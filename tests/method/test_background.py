"""§3 backgrounds: analyzer labels to backgrounds, and an empathy hint for each."""

from __future__ import annotations

import pytest

from kamitaiou.method.background import (
    BackgroundCategory,
    BackgroundKind,
    background_from_labels,
    empathy_hint,
)


@pytest.mark.parametrize("kind", list(BackgroundKind))
def test_every_background_has_a_category_a_label_and_an_empathy_hint(kind):
    assert isinstance(kind.category, BackgroundCategory)
    assert kind.label_ja
    assert empathy_hint(kind).endswith("。")


def test_sub_kinds_belong_to_their_category():
    assert BackgroundKind.FORGOT_ORDER.category is BackgroundCategory.CUSTOMER_MISTAKE
    assert BackgroundKind.OUT_OF_STOCK.category is BackgroundCategory.BAD_TIMING
    assert BackgroundKind.RELIANCE.category is BackgroundCategory.RELIANCE


def test_analyzer_labels_become_backgrounds_in_order_once_each():
    labels = ["deadline", "bad_timing", "customer_mistake", "bad_timing", "abuse"]
    assert background_from_labels(labels) == [
        BackgroundKind.BAD_TIMING,
        BackgroundKind.CUSTOMER_MISTAKE,
    ]


def test_no_background_labels_give_an_empty_list():
    assert background_from_labels(["refund"]) == []
    assert background_from_labels([]) == []


def test_empathy_hint_for_a_forgotten_order_speaks_to_the_deadline():
    assert "納期" in empathy_hint(BackgroundKind.FORGOT_ORDER)


def test_reliance_read_by_the_analyzer_gives_its_empathy_hint():
    from kamitaiou.analysis import analyze
    from kamitaiou.method.background import BackgroundKind, background_from_labels, empathy_hint

    labels = analyze("君なら何とかしてくれると思って、今週中にお願いしたいんです").to_dict()[
        "labels"
    ]
    assert background_from_labels(labels) == [BackgroundKind.RELIANCE]
    assert "信頼" in empathy_hint(BackgroundKind.RELIANCE)
