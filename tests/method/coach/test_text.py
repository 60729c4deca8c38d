"""The small text helpers under the rules."""

from __future__ import annotations

from pathlib import Path

from kamitaiou.method.coach import (
    CoachSettings,
    Finding,
    FindingCode,
    Severity,
    apply_replacements,
    check_draft,
)
from kamitaiou.method.coach.text import clause_start, sentences, spoken_length
from kamitaiou.method.stages import CaseKind, Stage


def test_sentences_keep_offsets_and_skip_blank_lines():
    draft = "はい。  \n  いかがでしょうか? 以上"
    found = sentences(draft)
    assert [s.text for s in found] == ["はい。", "いかがでしょうか?", "以上"]
    assert all(draft[s.start : s.end] == s.text for s in found)
    assert [s.is_question for s in found] == [False, True, False]


def test_clause_start_skips_the_break_and_spaces():
    draft = "はい、 写真を撮ってください"
    assert draft[clause_start(draft, draft.index("て")) :] == "写真を撮ってください"


def test_spoken_length_ignores_punctuation_and_spaces():
    assert spoken_length("大変恐縮ですが、 これだけは！") == 12


def test_an_empty_match_in_an_admins_pattern_is_ignored(tmp_path: Path):
    (tmp_path / "ours.toml").write_text("[[partial_denial]]\npattern = 'x*'\n", encoding="utf-8")
    settings = CoachSettings(extra_dirs=(tmp_path,))
    draft = "ありがとうございます。"
    assert check_draft(draft, kind=CaseKind.COMPLAINT, stage=Stage.CALMING, settings=settings) == []


def test_apply_replacements_keeps_the_first_of_overlapping_spans():
    def finding(start: int, end: int, replacement: str | None) -> Finding:
        return Finding(
            code=FindingCode.EXCUSE,
            severity=Severity.WARNING,
            start=start,
            end=end,
            text="",
            reason_ja="",
            suggestion_ja="",
            replacement=replacement,
        )

    draft = "abcdef"
    found = [finding(0, 3, "X"), finding(2, 4, "Y"), finding(4, 5, None), finding(5, 6, "Z")]
    assert apply_replacements(draft, found) == "XdeZ"
