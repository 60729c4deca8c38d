"""The learned reader: features, the model file, training, combination and evidence."""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from kamitaiou.analysis import analyze
from kamitaiou.analysis.analyzer import read_rules
from kamitaiou.analysis.reader.active import ENV, active_reader, reset_reader, use_reader
from kamitaiou.analysis.reader.build import build_reader
from kamitaiou.analysis.reader.combine import reader_features
from kamitaiou.analysis.reader.data import (
    Row,
    TrainingDataError,
    read_corrections,
    read_written,
    targets,
)
from kamitaiou.analysis.reader.features import feature_strings, hash_features
from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError
from kamitaiou.analysis.reader.train import TrainConfig

SMALL = TrainConfig(dim=1 << 12, epochs=6)

ANGRY = [
    "ふざけんなよ、いつまで待たせるつもりだ",
    "何回言わせるんだ、いい加減にしろ",
    "もう我慢の限界です。どうなってるんですか",
    "ちょっと信じられない対応ですね、本当に腹が立つ",
]
CALM = [
    "先日はありがとうございました。とても助かりました",
    "次回の点検はいつ頃になりますか",
    "資料を拝見しました。来月また相談させてください",
    "丁寧に対応していただき感謝しています",
]
REFUND = [
    "届いた商品が壊れていたのでお金を返してほしい",
    "使えないので代金を返却してください",
    "全額返してもらえますか、もう要りません",
    "支払った分を戻してほしいんです",
]


def _rows() -> list[Row]:
    rows = []
    for i, text in enumerate(ANGRY * 3):
        rows.append(Row(text, 2, None, 0, frozenset(), "t", f"g{i % 3}"))
    for i, text in enumerate(CALM * 3):
        rows.append(Row(text, 0, None, 0, frozenset(), "t", f"g{i % 3}"))
    for i, text in enumerate(REFUND * 3):
        rows.append(Row(text, 1, None, 0, frozenset({"refund"}), "t", f"g{i % 3}"))
    return rows


@pytest.fixture(scope="module")
def model() -> LinearReader:
    return build_reader(_rows(), config=SMALL)


@pytest.fixture
def forced(model: LinearReader):
    use_reader(model)
    yield model
    reset_reader()


def test_the_same_rows_give_a_byte_identical_model():
    a = build_reader(_rows(), config=SMALL, tune=False).to_bytes()
    b = build_reader(_rows(), config=SMALL, tune=False).to_bytes()
    assert a == b


def test_a_model_file_round_trips(tmp_path: Path, model: LinearReader):
    path = tmp_path / "m.kmr"
    model.save(path)
    loaded = LinearReader.load(path)
    assert loaded.outputs == model.outputs
    assert loaded.thresholds == model.thresholds
    np.testing.assert_array_equal(loaded.weights, model.weights)


@pytest.mark.parametrize("data", [b"", b"nonsense", b"KMR1\x00\x00\x00\x02{}garbage"])
def test_a_damaged_model_file_is_refused_clearly(data: bytes):
    with pytest.raises(ModelFileError):
        LinearReader.from_bytes(data)


def test_features_are_stable_across_processes():
    code = (
        "from kamitaiou.analysis.analyzer import read_rules;"
        "from kamitaiou.analysis.reader.features import feature_strings, hash_features;"
        "rr = read_rules('返金してください！');"
        "print(sorted(hash_features(feature_strings(rr.tok), 1 << 18).indices.tolist()))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1


def test_feature_spans_point_into_the_normalised_text():
    rr = read_rules("ﾍﾝｷﾝしてください")
    for feature, (start, end) in feature_strings(rr.tok):
        if feature[0] == "c":
            assert rr.tok.surface[start:end] == feature[1:]


def test_the_rules_reading_is_a_feature_only_when_asked():
    rr = read_rules("訴えるぞ")
    plain = {f for f, _ in feature_strings(rr.tok)}
    ruled = {f for f, _ in feature_strings(rr.tok, rule_labels=["legal_threat"], rule_anger=2)}
    assert "rlegal_threat" in ruled - plain
    assert "a2" in ruled


def test_a_model_label_carries_its_words_as_evidence(forced: LinearReader):
    text = "ﾓｳｲﾗﾅｲ。支払った分を戻してほしい"
    assert not analyze(text, reader=None).labels  # the rules alone miss it
    result = analyze(text)
    refund = [s for s in result.signals if str(s.label) == "refund"]
    assert refund, result
    for s in refund:
        assert text[s.start : s.end] == s.text
        assert s.text.strip()
        assert s.detail["source"] == "reader"


def test_anger_above_zero_carries_evidence(forced: LinearReader):
    result = analyze("いい加減にしろ、ふざけんなよ")
    assert result.anger >= 1
    assert result.anger_evidence
    for e in result.anger_evidence:
        assert "いい加減にしろ、ふざけんなよ"[e.start : e.end] == e.text


def test_the_rules_labels_stay_in_the_combination(forced: LinearReader):
    rules = analyze("明日までに届けてください。訴えますよ", reader=None)
    combined = analyze("明日までに届けてください。訴えますよ")
    assert set(rules.labels) <= set(combined.labels)
    assert combined.anger >= 2  # a legal threat is never shown calm


def test_a_calm_thank_you_stays_calm(forced: LinearReader):
    result = analyze("丁寧に対応していただきありがとうございました")
    assert result.anger == 0
    assert not result.labels


def test_without_a_model_the_rules_answer_alone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV, "rules")
    reset_reader()
    try:
        assert active_reader() is None
        result = analyze("返金しろ")
        assert result.anger_score == result.anger or result.anger_score is None
    finally:
        reset_reader()


def test_a_missing_model_file_named_in_the_environment_is_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv(ENV, str(tmp_path / "nope.kmr"))
    reset_reader()
    try:
        with pytest.raises(FileNotFoundError):
            active_reader()
    finally:
        reset_reader()


def test_targets_leave_unknown_outputs_unknown():
    naist = Row("だから何？", None, (1.0, 0.0), None, frozenset(), "naist", "naist")
    t = targets(naist, ("anger>=1", "anger>=2", "anger>=3", "anxiety>=1", "refund"))
    assert t[0] == 1.0
    assert t[1] == 0.0
    assert np.isnan(t[2:4]).all()
    assert t[4] == 0.0  # everyday talk carries no customer label


def test_a_written_file_with_a_bad_label_names_the_line(tmp_path: Path):
    path = tmp_path / "b.tsv"
    path.write_text(
        "id\ttext\tanger\tanxiety\tlabels\tregister\nx1\t返金して\t1\t0\trefund,oops\tchat\n",
        encoding="utf-8",
    )
    with pytest.raises(TrainingDataError, match=r"b.tsv:2: unknown label\(s\) oops"):
        read_written(path)


def test_corrections_are_read_as_json_lines(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "返金して", "anger": 1, "labels": ["refund"]}\n', encoding="utf-8")
    (row,) = read_corrections(path)
    assert row.labels == frozenset({"refund"})
    assert row.anxiety is None
    assert row.group == "corrections"


def test_reader_features_use_the_models_hash_size(model: LinearReader):
    feats = reader_features(read_rules("返金して"), model)
    assert feats.indices.max() < model.dim
    assert len(set(feats.indices.tolist())) == len(feats.indices)
    assert hash_features([], model.dim).indices.size == 0


def test_evidence_spans_never_overlap_and_cover_whole_tokens():
    from kamitaiou.analysis.reader.combine import evidence_spans, snap_to_tokens

    model = active_reader()
    if model is None:
        pytest.skip("no shipped model")
    for text in ("これ以上お話しすることはありません。", "そちらの都合なんて知りませんよ。"):
        rr = read_rules(text)
        spans = evidence_spans(
            model,
            reader_features(rr, model),
            "anger>=1",
            limit=3,
            snap=partial(snap_to_tokens, rr.tok),
        )
        ordered = sorted(spans)
        assert all(a[1] <= b[0] for a, b in pairwise(ordered))
        for start, end, _ in spans:
            assert start in rr.tok.starts
            assert end in rr.tok.ends


def test_the_shipped_reader_hears_cold_withdrawal_and_keeps_the_contract_example():
    reset_reader()
    if active_reader() is None:
        pytest.skip("no shipped model")
    for text in ("これ以上お話しすることはありません。", "そちらの都合なんて知りませんよ。"):
        result = analyze(text)
        assert result.anger >= 1, text
        assert str(result.next_step) != "thank_and_follow_up"
        assert result.anger_evidence
    # ANALYZER.md: politeness does not cancel anger
    assert analyze("大変失望いたしました。至急ご対応いただけますでしょうか").anger >= 1
