"""Folding, tokens, queries and snippets — the pure part of the search app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kamitaiou.search.text import (
    MAX_QUERY,
    Part,
    QueryError,
    bigrams,
    fold,
    fold_with_map,
    parse_query,
    snippet,
    term_tokens,
    unigrams,
)


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("ﾊﾟｿｺﾝ", "パソコン"),
        ("ぱそこん", "パソコン"),
        ("ＡＢＣ１２３", "abc123"),
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邉", "渡辺"),
        ("03-1234-5678", "0312345678"),
        ("０３－１２３４－５６７８", "0312345678"),
        ("03ー1234ー5678", "0312345678"),
        ("冷蔵庫\n\n  故障", "冷蔵庫 故障"),
        ("Mail@Example.JP", "mail@example.jp"),
    ],
)
def test_variants_fold_to_one_form(typed, folded):
    assert fold(typed) == folded


def test_a_dash_between_words_is_kept():
    assert fold("A-B ケース-1") == "a-b ケース-1"


def test_the_fold_maps_every_character_back_to_the_original():
    original = "先週ﾊﾟｿｺﾝを"
    folded = fold_with_map(original)
    start = folded.text.index("パソコン")
    begin, end = folded.source_span(start, start + len("パソコン"))
    assert original[begin:end] == "ﾊﾟｿｺﾝ"


def test_tokens_are_hexadecimal_bigrams_in_order_and_distinct_unigrams():
    assert bigrams("納期") == ["7d0d671f"]
    assert bigrams("金") == []
    assert unigrams("金金") == ["91d1"]
    assert term_tokens("金") == ("uni", ["91d1"])
    assert term_tokens("損害賠償") == ("bi", ["640d5bb3", "5bb38ce0", "8ce0511f"])
    assert all(token.isalnum() and token.isascii() for token in bigrams("a-@ 𠀋x"))


def test_words_are_all_required_and_quoted_phrases_stay_whole():
    query = parse_query('納期　返金 "冷蔵庫 故障" 「お金」')
    assert query.terms == ("納期", "返金")
    assert query.phrases == ("冷蔵庫 故障", "オ金")


@pytest.mark.parametrize("raw", ["", "   ", '""', '" "', "「」", "\x00"])
def test_a_query_without_words_is_refused_as_empty(raw):
    with pytest.raises(QueryError) as error:
        parse_query(raw)
    assert error.value.code == "empty"


def test_a_query_too_long_or_with_too_many_words_is_refused():
    with pytest.raises(QueryError) as error:
        parse_query("あ" * (MAX_QUERY + 1))
    assert error.value.code == "too_long"
    with pytest.raises(QueryError) as error:
        parse_query(" ".join(f"w{n}" for n in range(9)))
    assert error.value.code == "too_many"


def test_a_nul_byte_counts_as_a_space():
    assert parse_query("納期\x00返金").terms == ("納期", "返金")


def test_a_snippet_marks_the_hits_in_the_original_text():
    parts = snippet("先週<b>ﾊﾟｿｺﾝ</b>を買った。パソコンが動かない", ("パソコン",))
    assert [part.text for part in parts if part.hit] == ["ﾊﾟｿｺﾝ", "パソコン"]
    assert Part("先週<b>") in parts


def test_a_snippet_of_a_long_text_is_a_window_around_the_first_hit():
    parts = snippet("あ" * 500 + "納期" + "い" * 500, ("納期",), width=60)
    text = "".join(part.text for part in parts)
    assert text.startswith("…") and text.endswith("…") and "納期" in text
    assert len(text) < 70


def test_the_search_text_module_imports_no_django():
    tree = ast.parse(Path("kamitaiou/search/text.py").read_text(encoding="utf-8"))
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in names if name.startswith("django")]
