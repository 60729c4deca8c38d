"""The coach's training drafts: well-formed, every code represented, no evaluation draft in them."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kamitaiou.method.stages import CaseKind, Stage, stages_for

REPO = Path(__file__).resolve().parents[3]
DRAFTS = sorted((REPO / "training" / "coach" / "drafts").glob("*.tsv"))
EVAL = sorted((REPO / "eval").glob("coach_*.tsv"))
CODES = {
    "partial_denial", "excuse", "blame_customer", "premature_rule", "litigation_encouraged",
    "impossible_promise", "unapproved_special", "multiple_claims", "claim_too_detailed",
    "command_tone", "cold_formality", "missing_apology", "missing_same_direction",
    "long_sentence", "vague_referral",
}  # fmt: skip


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_there_are_training_drafts_and_held_out_drafts():
    assert len(DRAFTS) >= 6
    assert REPO / "eval" / "coach_heldout.tsv" in EVAL
    assert REPO / "eval" / "coach_heldout2.tsv" in EVAL
    assert REPO / "eval" / "coach_heldout3.tsv" in EVAL
    assert REPO / "eval" / "coach_heldout4.tsv" in EVAL
    assert REPO / "eval" / "coach_heldout5.tsv" in EVAL


def test_no_evaluation_draft_is_in_the_training_drafts():
    held = {norm(r["draft"]) for path in EVAL for r in rows(path)}
    assert [r["draft"] for p in DRAFTS for r in rows(p) if norm(r["draft"]) in held] == []


def test_every_code_has_eighty_positives_and_six_hundred_drafts_are_good():
    counts: Counter[str] = Counter()
    good = 0
    for path in DRAFTS:
        for r in rows(path):
            codes = [c for c in r["codes"].split(",") if c]
            good += not codes
            counts.update(codes)
    assert {c: counts[c] for c in CODES if counts[c] < 80} == {}
    assert good >= 600


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_a_batch_is_well_formed(path: Path):
    batch = rows(path)
    assert len({r["id"] for r in batch}) == len(batch)
    for r in batch:
        assert Stage(r["stage"]) in stages_for(CaseKind(r["kind"]))
        assert set(filter(None, r["codes"].split(","))) <= CODES
        assert r["anger"] in {"0", "1", "2", "3"}
