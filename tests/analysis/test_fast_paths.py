"""The fast paths of the analyzer give exactly what the straightforward code would.

Each optimisation (Aho–Corasick index of lexicon prefixes, cached token info, folded runs, cue and
time-expression prefilters, per-thread tokenizers) is checked here against a plain
reference implementation, on the evaluation texts and on random strings.
"""

from __future__ import annotations

import csv
import random
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from kamitaiou.analysis import analyze, cues, timeexpr
from kamitaiou.analysis.lexicon import Matcher, build_lexicon, load_lexicon
from kamitaiou.analysis.normalize import normalize
from kamitaiou.analysis.tokens import _FOLD, _load, _thread_tokenizer, fold, tokenize

from .conftest import DEV_CASES, MONDAY, OWN_CASES


def _texts() -> list[str]:
    texts: list[str] = []
    for path in (DEV_CASES, OWN_CASES):
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                texts.extend(row["text"] for row in reader)
    return texts


TEXTS = _texts()


def _fragments() -> list[str]:
    patterns = [entry.pattern for entry in load_lexicon().entries]
    return [f for p in patterns for f in re.split(r"[()?:|\[\]{}.*+^$\\!<=,]", p) if f]


def _brute_force(matcher: Matcher, text: str) -> list[tuple[str, int, int]]:
    entries = {id(e): e for group in matcher.by_key for e in group}
    entries.update({id(e): e for e in matcher.anywhere})
    found = []
    for entry in entries.values():
        for i in range(len(text)):
            m = entry.regex.match(text, i)
            if m is not None and m.end() > i:
                found.append((entry.source, i, m.end()))
    return sorted(found)


def test_prefix_automaton_finds_every_match_a_brute_force_scan_finds():
    lexicon = load_lexicon()
    rng = random.Random(7)
    fragments = _fragments()
    strings = [tokenize(normalize(t).text).surface for t in TEXTS[:80]]
    strings += [
        "".join(rng.choice(fragments) for _ in range(rng.randint(1, 4))) for _ in range(300)
    ]
    for matcher in (lexicon.lemma_matcher, lexicon.surface_matcher):
        for text in strings:
            got = sorted((e.source, i, j) for e, i, j in matcher.scan(text))
            assert got == _brute_force(matcher, text), text


def test_an_entry_is_reported_once_per_position_and_unindexable_entries_are_searched(tmp_path):
    # か|かね is indexed under か and かね: only か is kept (prefix-free), so 「かね」 gives
    # one match, not two; (?:\\w)ぞ has no known first character and is searched anywhere.
    (tmp_path / "t.tsv").write_text("か|かね\tanger\n(?:\\w)ぞ\tanger\n", encoding="utf-8")
    matcher = build_lexicon([tmp_path / "t.tsv"]).surface_matcher
    assert [len(group) for group in matcher.by_key] == [1]
    assert len(matcher.anywhere) == 1
    text = "かねを返すぞ、かね"
    got = sorted((e.source, i, j) for e, i, j in matcher.scan(text))
    assert got == _brute_force(matcher, text)
    assert got == [("t.tsv:1", 0, 1), ("t.tsv:1", 7, 8), ("t.tsv:2", 4, 6)]


def _direct(text: str) -> tuple[tuple[str, ...], str, tuple[int, ...], tuple[int, ...]]:
    """Lemmas, folded lemma string, ends and command tokens read straight from Sudachi."""
    morphemes = _thread_tokenizer()[0].tokenize(text)
    lemmas = []
    for m in morphemes:
        lemma = m.dictionary_form()
        if lemma and all(("\u30a0" <= c <= "\u30ff") or c.isascii() for c in lemma):
            lemma = m.normalized_form()
        lemmas.append(lemma)
    imperative = _load().imperative_ids
    commands = tuple(i for i, m in enumerate(morphemes) if m.part_of_speech_id() in imperative)
    ends = tuple(m.end() for m in morphemes)
    return tuple(lemmas), fold("".join(lemmas)), ends, commands


@pytest.mark.parametrize(
    "text",
    [
        "SNSで晒す。snsに書く、Snsで拡散",
        "パソコンとぱそこん、ﾊﾟｿｺﾝ",
        "返せ！来い。帰れ、出せよ、見ろ",
        "ｱｲｳｴｵが🤬😡で龘龘",
        "XYZZY xyzzy Xyzzy",
        "15時までに二十個、15個と二十個😡😡",  # out-of-vocabulary numbers and emoji, twice
        *TEXTS[:60],
    ],
)
def test_cached_token_info_equals_reading_every_token_from_sudachi(text):
    tok = tokenize(text)
    lemmas, lemma, ends, commands = _direct(text)
    assert (tok.lemmas, tok.lemma, tok.ends, tok.commands) == (lemmas, lemma, ends, commands)
    assert tokenize(text) == tok  # second time from the cache
    # content words (for repetitions): the plain rule, applied to every lemma
    assert tok.content == tuple(x for x in lemmas if len(x) >= 2 and x >= "\u3100")


def test_fold_of_runs_equals_translating_every_character():
    rng = random.Random(3)
    pool = [chr(c) for c in [*range(0x20, 0x7F), *range(0x3040, 0x3100), 0x4E00, 0xFF70, 0x1F621]]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 20)))
        assert fold(text) == text.translate(_FOLD)


_REFERENCE_CUES = {
    "exclamation_runs": re.compile(r"[!！]{2,}"),
    "question_runs": re.compile(r"[?？]{2,}|[!！][?？]|[?？][!！]"),
    "stretches": re.compile(r"[ーｰ〜～~]{2,}|[ぁぃぅぇぉっァィゥェォッ]{2,}"),
    "laughs": re.compile(r"[wWｗＷ]{2,}|(?<![a-zA-Zａ-ｚＡ-Ｚ])[wWｗＷ](?![a-zA-Zａ-ｚＡ-Ｚ])|笑"),
}


def test_cue_counts_equal_the_plain_regexes():
    rng = random.Random(5)
    pool = list("ーｰ〜～~ぁぃぅぇぉっァィゥェォッ!！?？wWｗＷ笑aAzZａＡあア漢 😡🤬💢😢😭")
    texts = TEXTS + [
        "".join(rng.choice(pool) for _ in range(rng.randint(1, 15))) for _ in range(3000)
    ]
    for text in texts:
        got = cues.count_cues(text)
        for name, regex in _REFERENCE_CUES.items():
            assert getattr(got, name) == len(regex.findall(text)), (name, text)
        assert got.angry_emoji == sum(text.count(ch) for ch in cues.ANGRY_EMOJI)
        assert got.anxious_emoji == sum(text.count(ch) for ch in cues.SAD_EMOJI)


def test_cue_emoji_are_all_outside_the_bmp():
    # count_cues skips the emoji counts when the text has no astral character.
    assert all(ch > "\uffff" for ch in cues.ANGRY_EMOJI | cues.SAD_EMOJI)


def _time_strings() -> list[str]:
    rng = random.Random(11)
    pieces = [
        "今日",
        "本日",
        "明日",
        "あした",
        "あす",
        "明後日",
        "あさって",
        "しあさって",
        "今週",
        "来週",
        "再来週",
        "先週",
        "の",
        "月",
        "火",
        "曜",
        "曜日",
        "日",
        "中",
        "まで",
        "までに",
        "以内",
        "時",
        "分",
        "半",
        "午前",
        "午後",
        "朝",
        "夕方",
        "夜",
        "晩",
        "一",
        "二",
        "十",
        "〇",
        "3",
        "15",
        "年内",
        "年度末",
        "月末",
        "週明け",
        "週末",
        "いっぱい",
        "営業日",
        "か月",
        "時間",
        "に",
        "で",
        "頃",
        "朝一",
        "正午",
        "昼",
        "前の",
        "今夜",
        "今晩",
        "明朝",
        "来月",
        "今月",
        "今年中",
        "あ",
        "し",
        "再",
        "本",
        "木",
        "金",
        "土",
        "水",
        "年",
        "前",
        "後",
        "。",
        "、",
        "!",
    ]
    texts = [normalize(t).text for t in TEXTS]
    return texts + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(3000)
    ]


def test_time_expression_candidates_cover_every_possible_start():
    for text in _time_strings():
        for i in range(len(text)):
            if timeexpr._PATTERN.match(text, i) or timeexpr._TRIGGER.match(text, i):
                assert timeexpr._FIRST.match(text, i), (text, i)


def test_time_expression_matches_equal_finditer():
    for text in _time_strings():
        starts = [m.start() for m in timeexpr._FIRST.finditer(text)]
        got = [m.span() for m in timeexpr._matches(text, starts)]
        assert got == [m.span() for m in timeexpr._PATTERN.finditer(text)], text


def test_analyze_from_several_threads_gives_the_same_results():
    texts = TEXTS[:40] * 3
    expected = [analyze(t, now=MONDAY).to_dict() for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: analyze(t, now=MONDAY).to_dict(), texts))
    assert got == expected
