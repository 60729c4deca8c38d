"""The training data: well-formed, every label represented, and no evaluation text in it."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kamitaiou.analysis.model import Label
from kamitaiou.analysis.reader.data import read_naist, read_written_dir

REPO = Path(__file__).resolve().parents[2]
WRITTEN = REPO / "training" / "analyzer" / "written"
NAIST = REPO / "training" / "analyzer" / "external" / "naist_utterances_even.tsv"
SHARED = REPO.parent / "shared" / "eval"
EVAL_FILES = [
    SHARED / "dev_cases.tsv",
    REPO / "eval" / "cases.tsv",
    REPO / "eval" / "cross_register.tsv",
    REPO / "eval" / "cross_register2.tsv",
    REPO / "eval" / "cross_register3.tsv",
    REPO / "eval" / "cross_register4.tsv",
    REPO / "eval" / "cross_register5.tsv",
]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def eval_texts() -> set[str]:
    texts = set()
    for path in EVAL_FILES:
        assert path.is_file(), f"{path} is missing (../shared must sit beside the repo)"
        with path.open(encoding="utf-8", newline="") as fh:
            texts |= {
                norm(r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            }
    return texts


def test_no_evaluation_text_is_in_the_written_training_data():
    overlap = [r.text for r in read_written_dir(WRITTEN) if norm(r.text) in eval_texts()]
    assert overlap == []


def test_the_naist_dev_rows_are_not_in_the_model_choice_training_split():
    with (SHARED / "external" / "naist_anger_dev.tsv").open(encoding="utf-8") as fh:
        dev = [r for r in csv.DictReader(fh, delimiter="\t") if int(r["dialogue_id"]) % 4 == 0]
    with NAIST.open(encoding="utf-8") as fh:
        pool = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    # Short utterances (「はい。」) recur across dialogues: a dev text may be in the training
    # split only where a training dialogue says it too.
    said_in_training_dialogues = {
        norm(r["utterance"]) for r in pool if int(r["dialogue_id"]) % 4 == 2
    }
    train = {norm(r.text) for r in read_naist(NAIST, split="train")}
    assert dev
    assert train == said_in_training_dialogues - {""}
    leaked = [r["utterance"] for r in dev if norm(r["utterance"]) in train]
    assert all(norm(t) in said_in_training_dialogues for t in leaked)
    assert len(leaked) < len(dev) // 10


def test_every_label_but_deadline_has_at_least_sixty_positives():
    counts = Counter(label for row in read_written_dir(WRITTEN) for label in row.labels or ())
    short = {
        label.value: counts[label.value]
        for label in Label
        if label is not Label.DEADLINE and counts[label.value] < 60
    }
    assert short == {}


@pytest.mark.parametrize("path", sorted(WRITTEN.glob("*.tsv")), ids=lambda p: p.name)
def test_a_written_batch_has_unique_ids_and_texts(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({norm(r["text"]) for r in rows}) == len(rows)


def test_naist_rows_carry_the_weight_asked_for():
    rows = read_naist(NAIST, split="train", weight=2.0)
    assert rows and {r.weight for r in rows} == {2.0}


@pytest.mark.parametrize("value", ["0", "-1", "heavy"])
def test_a_naist_weight_that_is_not_positive_is_a_one_line_error(value, capsys):
    from kamitaiou.analysis.reader.cli import train_main

    with pytest.raises(SystemExit) as exc:
        train_main(["--naist-weight", value, "--quiet"])
    assert exc.value.code == 2
    assert "not a positive number" in capsys.readouterr().err
