"""The labelled set is read, scored per code, and bad files are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

import kamitaiou
from kamitaiou.method.coach import evaluate
from kamitaiou.method.coach.evaluation import CodeScore, EvalFileError

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")

EVAL = Path(kamitaiou.__file__).parent.parent / "eval" / "coach_drafts.tsv"
HEAD = "id\tkind\tstage\tanger\tdraft\texpected_codes\tnote\n"


def test_the_labelled_set_is_large_and_covers_every_kind_and_code():
    rows = EVAL.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) >= 80
    assert {r.split("\t")[1] for r in rows} == {
        "complaint",
        "unreasonable_demand",
        "special_request",
        "after_follow",
    }


def test_the_coach_scores_well_on_the_labelled_set():
    report = evaluate(EVAL)
    assert report.drafts >= 80
    assert report.overall.precision >= 0.9
    assert report.overall.recall >= 0.9
    assert "OVERALL" in report.format()


def test_false_positives_and_negatives_are_listed(tmp_path: Path):
    path = tmp_path / "e.tsv"
    path.write_text(
        HEAD
        + "g1\tcomplaint\tcalming\t3\tいや、違います。\t\tgood?\n"
        + "b1\tcomplaint\tcalming\t\tおっしゃるとおりです。\\n確かに。\texcuse\tbad?\n",
        encoding="utf-8",
    )
    report = evaluate(path)
    assert report.per_code["partial_denial"] == CodeScore(fp=1)
    assert report.per_code["excuse"] == CodeScore(fn=1)
    assert report.overall.precision == 0.0 and report.overall.recall == 0.0
    assert [(m.case_id, m.kind) for m in report.misses] == [("g1", "fp"), ("b1", "fn")]
    assert "FP g1 partial_denial" in report.format()
    assert CodeScore().precision == 1.0 and CodeScore().recall == 1.0


@pytest.mark.parametrize(
    "row",
    [
        "x\tcomplaint\tnowhere\t0\t下書き\t\t\n",
        "x\tcomplaint\tempathy\t0\t下書き\t\t\n",
        "x\tcomplaint\tcalming\tthree\t下書き\t\t\n",
        "x\tcomplaint\tcalming\t0\t下書き\tno_such_code\t\n",
        "x\tcomplaint\tcalming\n",
    ],
)
def test_a_bad_row_names_its_line(tmp_path: Path, row: str):
    path = tmp_path / "e.tsv"
    path.write_text(HEAD + row, encoding="utf-8")
    with pytest.raises(EvalFileError, match=r"e\.tsv:2"):
        evaluate(path)


def test_a_missing_file_is_reported(tmp_path: Path):
    with pytest.raises(EvalFileError):
        evaluate(tmp_path / "none.tsv")
