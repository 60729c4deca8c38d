"""The coach's learned checker: features, scope, combination with the rules, the trainer."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from kamitaiou.cli import main
from kamitaiou.method.coach import CoachContext, check_draft, evaluate
from kamitaiou.method.coach.learned import (
    LEARNED_CODES,
    coach_model,
    reset_coach_model,
    use_coach_model,
)
from kamitaiou.method.coach.train_cli import read_overrides, train_main
from kamitaiou.method.stages import CaseKind, Stage

REPO = Path(__file__).resolve().parents[3]
HELD_OUT = REPO / "eval" / "coach_heldout.tsv"


@pytest.fixture
def shipped():
    reset_coach_model()
    model = coach_model()
    if model is None:
        pytest.skip("no shipped coach model")
    yield model
    reset_coach_model()


def codes(draft: str, kind: CaseKind, stage: Stage, anger: int | None = 2) -> set[str]:
    found = check_draft(draft, kind=kind, stage=stage, context=CoachContext(anger=anger))
    for f in found:
        assert draft[f.start : f.end] == f.text
        assert f.reason_ja.startswith("§")
        assert f.suggestion_ja
    return {str(f.code) for f in found}


def test_the_checker_catches_a_dare_to_sue_in_words_not_on_the_lists(shipped):
    draft = "そこまでおっしゃるなら、裁判所で白黒つけていただくしかないですね。"
    assert "litigation_encouraged" in codes(draft, CaseKind.COMPLAINT, Stage.HEARING)


def test_the_checker_catches_a_waiver_on_ones_own_authority(shipped):
    draft = "今回は私の判断で、修理代はいただかないことにしますね。内緒でお願いします。"
    assert "unapproved_special" in codes(draft, CaseKind.SPECIAL_REQUEST, Stage.EMPATHY)


def test_a_good_empathetic_reply_stays_clean(shipped):
    draft = "このたびはご不便をおかけし、誠に申し訳ございません。お怒りはごもっともです。"
    assert codes(draft, CaseKind.COMPLAINT, Stage.CALMING) == set()


def test_the_checker_stays_inside_each_codes_scope(shipped):
    # a promise is only "impossible" for an unreasonable demand not yet under way
    draft = "必ず明日までにお届けいたします。"
    assert "impossible_promise" not in codes(draft, CaseKind.COMPLAINT, Stage.EXECUTING)
    # tone rules need an angry customer
    assert "command_tone" not in codes("至急ご確認ください。", CaseKind.COMPLAINT, Stage.HEARING, 0)


def test_the_rules_findings_are_kept(shipped):
    draft = "いや、その部分に関しては当社の責任ではございません。"
    rules = {
        str(f.code)
        for f in check_draft(draft, kind=CaseKind.COMPLAINT, stage=Stage.CALMING, learned=False)
    }
    assert rules <= codes(draft, CaseKind.COMPLAINT, Stage.CALMING)


def test_without_a_model_only_the_rules_speak():
    use_coach_model(None)
    try:
        draft = "そこまでおっしゃるなら、裁判所で白黒つけていただくしかないですね。"
        with_rules = check_draft(draft, kind=CaseKind.COMPLAINT, stage=Stage.HEARING)
        assert with_rules == check_draft(
            draft, kind=CaseKind.COMPLAINT, stage=Stage.HEARING, learned=False
        )
    finally:
        reset_coach_model()


def test_the_checker_reads_the_held_out_drafts_as_measured(shipped):
    # A floor under the figure reported in docs/coach.md, so a regression is seen; the set
    # was frozen before the checker existed and is never trained on.
    report = evaluate(HELD_OUT)
    assert report.overall.precision >= 0.88
    assert report.overall.recall >= 0.80
    errors = ("litigation_encouraged", "impossible_promise", "unapproved_special")
    tp = sum(report.per_code[c].tp for c in errors)
    fn = sum(report.per_code[c].fn for c in errors)
    assert tp / (tp + fn) >= 0.95


def test_training_is_reproducible_and_reads_overrides(tmp_path: Path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    with (drafts / "t.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "kind", "stage", "anger", "draft", "codes", "register"])
        for i in range(6):
            w.writerow(
                [
                    f"t{i}",
                    "complaint",
                    "hearing",
                    "2",
                    f"お客様の確認不足です{i}。",
                    "blame_customer",
                    "mail",
                ]
            )
            w.writerow(
                [f"g{i}", "complaint", "hearing", "2", f"大変申し訳ございません{i}。", "", "mail"]
            )
    overrides = tmp_path / "o.jsonl"
    overrides.write_text(
        json.dumps({"draft": "ご確認ください。", "kind": "complaint", "stage": "hearing",
                    "anger": 2, "present": [], "absent": ["command_tone"]}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (row,) = read_overrides(overrides)
    assert row[4] == {"command_tone": 0.0}
    a, b = tmp_path / "a.kmr", tmp_path / "b.kmr"
    for out in (a, b):
        args = ["--drafts", str(drafts), "--overrides", str(overrides), "--output", str(out)]
        assert train_main([*args, "--quiet"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_bad_training_input_is_one_line_and_exit_2(tmp_path: Path, capsys):
    assert main(["train-coach", "--drafts", str(tmp_path / "nope"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no such folder" in err


def test_the_learned_codes_are_the_labelled_ones():
    assert "missing_apology" not in LEARNED_CODES  # measured exactly by the rules
    assert len(LEARNED_CODES) == 14


@pytest.mark.parametrize("code", LEARNED_CODES)
def test_a_checker_sure_of_any_one_code_never_breaks_the_check(code):
    # A checker whose only opinion is "this code, certainly": every
    # code it may add must come with its reason and suggestion, never a KeyError on a
    # reason that needs numbers only the rule measures (long_sentence's limit).
    import numpy as np

    from kamitaiou.analysis.reader.linear import LinearReader
    from kamitaiou.method.coach.learned import DIM

    col = LEARNED_CODES.index(code)
    bias = np.full(len(LEARNED_CODES), -20.0, dtype=np.float32)
    bias[col] = 20.0
    weights = np.zeros((DIM, len(LEARNED_CODES)), dtype="<f2")
    weights[:, col] = 0.5  # every word weighs for it: there is always evidence to show
    model = LinearReader(LEARNED_CODES, weights, bias, {}, {})
    use_coach_model(model)
    try:
        for kind, stage in [
            (CaseKind.COMPLAINT, Stage.CALMING),
            (CaseKind.UNREASONABLE_DEMAND, Stage.EMPATHY),
            (CaseKind.SPECIAL_REQUEST, Stage.RECEIVED),
            (CaseKind.AFTER_FOLLOW, Stage.REFERRAL),
        ]:
            codes("この度はご不便をおかけしました。一緒に確認させてください。", kind, stage)
    finally:
        reset_coach_model()
