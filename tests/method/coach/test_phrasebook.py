"""Phrase lists are data: built-in TOML, plus an admin's directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamitaiou.method.coach import CoachSettings, PhrasebookError, check_draft, load_phrasebook
from kamitaiou.method.coach.phrasebook import DATA_DIR, phrase_files
from kamitaiou.method.stages import CaseKind, Stage


def test_every_data_file_names_its_source_in_a_header_comment():
    files = list(DATA_DIR.glob("*.toml"))
    assert len(files) >= 5
    for path in files:
        head = path.read_text(encoding="utf-8").splitlines()[:6]
        assert head[0].startswith("#")
        assert any("METHOD.md" in line for line in head), path.name


def test_template_files_are_not_read_as_phrase_lists():
    assert all(not p.name.startswith("drafts") for p in phrase_files())


@pytest.mark.usefixtures("coach_rules_only")  # about the phrase lists, not the checker
def test_an_admins_phrase_is_added_to_the_rule(tmp_path: Path):
    (tmp_path / "ours.toml").write_text(
        "[[premature_rule]]\npattern = '社の方針'\nsuggestion = 'まず寄り添います。'\n",
        encoding="utf-8",
    )
    draft = "社の方針で、お受けしておりません。"
    kind, stage = CaseKind.UNREASONABLE_DEMAND, Stage.EMPATHY
    assert check_draft(draft, kind=kind, stage=stage) == []
    settings = CoachSettings(extra_dirs=(tmp_path,))
    (finding,) = check_draft(draft, kind=kind, stage=stage, settings=settings)
    assert finding.text == "社の方針" and finding.suggestion_ja == "まず寄り添います。"


def test_an_admins_marker_extends_the_list(tmp_path: Path):
    (tmp_path / "ours.toml").write_text("[apology]\npatterns = ['ご容赦']\n", encoding="utf-8")
    book = load_phrasebook((tmp_path,))
    assert book.marker("apology").search("何卒ご容赦ください")
    assert not load_phrasebook().marker("apology").search("何卒ご容赦ください")


def test_unknown_names_never_match():
    book = load_phrasebook()
    assert book.rule("nothing") == ()
    assert book.marker("nothing").search("なんでも") is None


@pytest.mark.parametrize(
    "content",
    [
        "[[x]\n",
        "[[x]]\nreplacement = 'a'\n",
        "[[x]]\npattern = '('\n",
        "[[x]]\npattern = 'a'\nreplacement = 1\n",
        "[x]\npatterns = [1]\n",
        "x = 1\n",
    ],
)
def test_a_malformed_phrase_file_is_reported(tmp_path: Path, content: str):
    (tmp_path / "bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(PhrasebookError):
        load_phrasebook((tmp_path,))
