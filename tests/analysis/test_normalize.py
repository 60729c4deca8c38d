"""Normalisation keeps an offset map back to the raw text; signals point into the raw text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kamitaiou.analysis import analyze
from kamitaiou.analysis.normalize import normalize

from .conftest import DEV_CASES, MONDAY, NAIST, OWN_CASES, run


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﾌｻﾞｹﾝﾅ、ｶｴｾ", "フザケンナ、カエセ"),
        ("ちょっと！！今週中〜〜", "ちょっと!!今週中"),
        ("すごーーーーい", "すごーい"),
        ("ＳＮＳで　晒す", "SNSで晒す"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_normalised_text_is_nfkc_plus_neologdn(raw, expected):
    assert normalize(raw).text == expected


@pytest.mark.parametrize(
    "raw", ["ﾌｻﾞｹﾝﾅ、ｶｴｾ", "ちょっと！！今週中〜〜ｗｗ😡", "Ｘ（旧Twitter）に 動画 上げて", "ｶﾈ返せ"]
)
def test_every_normalised_character_maps_to_a_non_empty_monotone_raw_range(raw):
    norm = normalize(raw)
    previous = 0
    for i in range(len(norm.text)):
        start, end = norm.to_raw(i, i + 1)
        assert 0 <= start < end <= len(raw)
        assert start >= previous
        previous = start


def test_half_width_voiced_kana_maps_to_both_raw_characters():
    norm = normalize("ﾌｻﾞｹﾝﾅ")
    assert norm.text[1] == "ザ"
    assert norm.to_raw(1, 2) == (1, 3)


def test_half_width_signals_cover_the_raw_evidence():
    raw = "ﾌｻﾞｹﾝﾅ、ｶｴｾ"
    result = run(raw)
    refund = [s for s in result.signals if s.label == "refund"]
    assert refund
    assert refund[0].text == "ｶｴｾ"
    assert raw[refund[0].start : refund[0].end] == "ｶｴｾ"
    assert result.anger == 3


def test_mixed_script_money_back_is_a_refund():
    result = run("ｶﾈ返せ")
    assert [s.text for s in result.signals if s.label == "refund"] == ["ｶﾈ返せ"]


def _texts(path: Path, column: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[column] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.mark.parametrize(
    ("path", "column"), [(DEV_CASES, "text"), (OWN_CASES, "text"), (NAIST, "utterance")]
)
def test_every_signal_round_trips_to_the_raw_text(path, column):
    if not path.exists():
        pytest.skip(f"{path} not available")
    checked = 0
    for text in _texts(path, column):
        if not text.strip():
            continue
        for signal in analyze(text, now=MONDAY).signals:
            assert text[signal.start : signal.end] == signal.text
            assert signal.text.strip() == signal.text
            assert signal.start < signal.end
            checked += 1
    assert checked > 0 or column == "utterance"


def test_spans_survive_decorations_that_normalisation_removes():
    raw = "ちょっと〜〜！！　今週中に　持ってきて〜〜ｗｗ"
    deadline = next(s for s in run(raw).signals if s.label == "deadline")
    assert deadline.text == "今週中"
    assert raw[deadline.start : deadline.end] == "今週中"


def test_a_message_at_the_size_limit_is_analysed_in_pieces():
    from kamitaiou.analysis import MAX_CHARS, analyze

    text = ("大変失望いたしました。" * (MAX_CHARS // 11))[: MAX_CHARS - 8] + "訴えます。"
    assert len(text.encode()) > 49_149  # over Sudachi's own limit
    result = analyze(text)
    assert "legal_threat" in result.to_dict()["labels"]
    signal = next(s for s in result.signals if s.label == "legal_threat")
    assert text[signal.start : signal.end] == signal.text


def test_neologdn_leaves_alone_every_character_the_skip_check_lets_through():
    # normalize() skips neologdn when _NEOLOGDN_ACTS finds nothing: that is only right if
    # neologdn changes no such character, alone or next to kana, latin, digits or ー.
    import neologdn

    from kamitaiou.analysis.normalize import _NEOLOGDN_ACTS

    through = [
        chr(cp)
        for cp in range(0x20, 0x10000)
        if not 0xD800 <= cp <= 0xDFFF and _NEOLOGDN_ACTS.search(chr(cp)) is None
    ]
    assert len(through) > 60_000
    # alone (neologdn drops a byte-order mark at the very start, for one)
    assert [c for c in through if neologdn.normalize(c) != c] == []
    contexts = ("{}", "{}あ", "あ{}あ", "a{}a", "ア{}", "カ{}", "ハ{}", "は{}", "1{}", "ー{}")
    for context in (*contexts, "{}ー", "{}{}"):
        chunks = [context.replace("{}", c) for c in through]
        chunks = [c for c in chunks if _NEOLOGDN_ACTS.search(c) is None]  # ーー is caught
        text = "あ".join(chunks)
        assert _NEOLOGDN_ACTS.search(text) is None
        if neologdn.normalize(text) != text:  # find the culprit for a readable failure
            bad = [c for c in chunks if neologdn.normalize(c) != c]
            raise AssertionError((context, bad[:10]))


def test_normalised_text_equals_nfkc_then_neologdn_on_random_text():
    import random
    import unicodedata

    import neologdn

    rng = random.Random(11)
    pool = [*"あアｱ漢aZ1１ －‐―ー〜~ｰ”’¥゛ﾞﾟ!！？\u3000\n\t😡。、「」\ufeff", "ーー", "  "]
    for _ in range(5000):
        raw = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        if not raw.strip():
            continue
        expected = neologdn.normalize(unicodedata.normalize("NFKC", raw))
        assert normalize(raw).text == expected, raw
