"""Lexicons are data files; a deployment extends them through KAMITAIOU_LEXICON_DIR."""

from __future__ import annotations

import pytest

from kamitaiou import analysis
from kamitaiou.analysis import lexicon

from .conftest import labels

#: these tests pin down the rule engine; the combination is measured in test_reader.py and
#: by the evaluation sets
pytestmark = pytest.mark.usefixtures("rules_only")


@pytest.fixture
def extra_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(lexicon.ENV_VAR, str(tmp_path))
    lexicon.clear_cache()
    yield tmp_path
    monkeypatch.delenv(lexicon.ENV_VAR)
    lexicon.clear_cache()


def test_every_family_file_states_its_source():
    for path in sorted(lexicon.PACKAGE_DIR.glob("*.tsv")):
        header = path.read_text(encoding="utf-8").splitlines()[:6]
        assert any(line.startswith("# source:") for line in header), path.name
        assert any(line.startswith("# family:") for line in header), path.name


def test_package_lexicon_loads_and_has_a_version():
    lex = lexicon.load_lexicon()
    assert len(lex.entries) > 100
    assert len(analysis.LEXICON_VERSION) == 16
    assert lexicon.lexicon_version() == analysis.LEXICON_VERSION


def test_a_deployment_can_add_words_without_code_changes(extra_dir):
    before = lexicon.lexicon_version()
    assert "cancel" not in labels("ほな、さいならや")
    (extra_dir / "local.tsv").write_text(
        "# family: local cancel words\n# source: our call centre\nさいなら\tcancel\n",
        encoding="utf-8",
    )
    lexicon.clear_cache()
    assert "cancel" in labels("ほな、さいならや")
    assert lexicon.lexicon_version() != before


def test_a_bad_line_names_its_file_and_line():
    with pytest.raises(lexicon.LexiconError, match=r"x\.tsv:2"):
        lexicon.parse_lines(["# c", "only-one-column"], source="x.tsv")
    with pytest.raises(lexicon.LexiconError, match="bad pattern"):
        lexicon.parse_lines(["(unclosed\tabuse"], source="x.tsv")
    with pytest.raises(lexicon.LexiconError, match="unknown option"):
        lexicon.parse_lines(["ok\tabuse\tcolour=red"], source="x.tsv")


def test_katakana_in_patterns_matches_any_script():
    entry = lexicon.parse_lines(["カネ\tanger"], source="t")[0]
    assert entry.regex.search("かね")


def test_unknown_attribute_of_the_package_raises():
    with pytest.raises(AttributeError):
        _ = analysis.NOT_THERE


def test_a_not_entry_rules_a_label_out_for_the_reader_too():
    from kamitaiou.analysis.lexicon import parse_lines

    (entry,) = parse_lines(["には頼めない\treliance\ton=surface,not"], source="t")
    assert entry.rules_out and entry.target == "reliance"
