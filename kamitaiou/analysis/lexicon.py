"""Lexicons: data files (TSV) a deployment can extend without code changes.

Every ``*.tsv`` file in the package's ``lexicon/`` directory is loaded, then every
``*.tsv`` file in the directory named by the environment variable
``KAMITAIOU_LEXICON_DIR`` (if set) is merged in. Format, one entry per line::

    # comment lines (each family states its source in a header comment)
    pattern<TAB>target<TAB>options

- ``pattern`` is a Python regular expression. Katakana in it is folded to hiragana,
  exactly like the text, so write カネ or かね as you like; write ASCII in lower case
  (the text's ASCII is lower-cased).
- ``target`` is a label of the vocabulary (``refund``…), or ``anger`` / ``anxiety``
  (emotion cues), or a context family used by the detectors (``negation``, ``done``,
  ``not_needed``, ``harmless_report``, ``urgency``, ``cushion``, ``thanks``, ``inquiry``).
- ``options`` (comma separated, optional): ``on=lemma`` or ``on=surface`` (default: both
  strings), ``w=N`` weight (emotion points, default 1), ``floor=N`` (minimum level the cue
  forces), ``nocheck`` (skip negation / hypothetical checks for this entry), ``not`` (a
  match rules the label *out*: it never adds the label, and the learned reader may not add
  it either unless another entry finds it — 「あなたには頼めない」 is not reliance).

``lexicon_version()`` is a SHA-256 over the loaded files, so the app knows when stored
analyses should be recomputed.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from ahocorasick_rs import MATCHKIND_STANDARD, AhoCorasick

from kamitaiou.analysis.tokens import fold_pattern

ENV_VAR = "KAMITAIOU_LEXICON_DIR"
PACKAGE_DIR = Path(__file__).with_name("lexicon")
CONTEXT_TARGETS = frozenset(
    {
        "negation",
        "done",
        "not_needed",
        "harmless_report",
        "urgency",
        "cushion",
        "thanks",
        "inquiry",
    }
)
EMOTION_TARGETS = frozenset({"anger", "anxiety"})


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be used."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One compiled lexicon line."""

    target: str
    pattern: str
    regex: re.Pattern[str]
    on_lemma: bool
    on_surface: bool
    weight: int
    floor: int
    check: bool
    source: str
    rules_out: bool = False


@dataclass(frozen=True, slots=True)
class Matcher:
    """Entries indexed by the literal prefixes a match can start with, found in one pass.

    Every entry whose pattern starts with known characters is indexed under the one- or
    two-character prefixes a match must start with (``keys``; prefix-free per entry, so
    one start position never tries an entry twice). One call into an Aho–Corasick
    automaton (``ahocorasick_rs``, compiled) reports every position where a key occurs;
    only there are that key's entries (``by_key``, in lexicon order) tried with their
    regex. Entries whose first characters cannot be worked out (``anywhere``) are
    searched with ``finditer``.
    """

    keys: tuple[str, ...]
    by_key: tuple[tuple[Entry, ...], ...]
    anywhere: tuple[Entry, ...]
    automaton: AhoCorasick | None

    def scan(self, text: str) -> list[tuple[Entry, int, int]]:
        """All (entry, start, end) matches in ``text``; one per entry and start position."""
        found: list[tuple[Entry, int, int]] = []
        if self.automaton is not None:
            by_key = self.by_key
            for key, start, _ in self.automaton.find_matches_as_indexes(text, overlapping=True):
                for entry in by_key[key]:
                    m = entry.regex.match(text, start)
                    if m is not None and m.end() > start:
                        found.append((entry, start, m.end()))
        for entry in self.anywhere:
            found.extend((entry, m.start(), m.end()) for m in entry.regex.finditer(text))
        return found


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All loaded entries, split by use, and their version hash."""

    entries: tuple[Entry, ...]
    lemma_matcher: Matcher
    surface_matcher: Matcher
    context: dict[str, re.Pattern[str]]
    version: str


def _first_chars(parsed: Any) -> set[str] | None:  # noqa: PLR0911, PLR0912 - one case per regex opcode
    """Characters a match of this parsed regex can start with, or None if unknown."""
    items = list(parsed)
    for index, (op, av) in enumerate(items):
        name = str(op)
        if name in {"ASSERT", "ASSERT_NOT", "AT"}:
            continue  # zero-width: look at the next item
        if name == "LITERAL":
            return {chr(av)}
        if name == "IN":
            chars: set[str] = set()
            for sub_op, sub_av in av:
                if str(sub_op) != "LITERAL":
                    return None
                chars.add(chr(sub_av))
            return chars
        if name == "BRANCH":
            chars = set()
            for branch in av[1]:
                sub = _first_chars(branch)
                if sub is None:
                    return None
                chars |= sub
            return chars
        if name == "SUBPATTERN":
            return _first_chars(av[-1])
        if name in {"MAX_REPEAT", "MIN_REPEAT"}:
            sub = _first_chars(av[2])
            if sub is None:
                return None
            if av[0] >= 1:
                return sub
            rest = _first_chars(items[index + 1 :])
            return None if rest is None else sub | rest
        return None
    return None


_PREFIX_LEN = 2


def _prefixes(items: Any, opens: set[str]) -> tuple[set[str], set[str]]:
    """Extend the prefixes ``opens`` through the parsed regex ``items``.

    Returns ``(open, closed)``: prefixes shorter than :data:`_PREFIX_LEN` that what
    follows may still extend, and prefixes that are final (full length, the match may
    end there, or what follows is unknown). Every match's text starts with one of them.
    """
    closed: set[str] = set()
    for op, av in items:
        if not opens:
            break
        name = str(op)
        if name in {"ASSERT", "ASSERT_NOT", "AT"}:
            continue  # zero-width
        chars: list[str] | None = None
        if name == "LITERAL":
            chars = [chr(av)]
        elif name == "IN" and all(str(sub_op) == "LITERAL" for sub_op, _ in av):
            chars = [chr(sub_av) for _, sub_av in av]
        if chars is not None:
            grown = {p + c for p in opens for c in chars}
            opens = {p for p in grown if len(p) < _PREFIX_LEN}
            closed |= grown - opens
        elif name == "SUBPATTERN":
            opens, sub_closed = _prefixes(av[-1], opens)
            closed |= sub_closed
        elif name == "BRANCH":
            union: set[str] = set()
            for branch in av[1]:
                sub_open, sub_closed = _prefixes(branch, opens)
                union |= sub_open
                closed |= sub_closed
            opens = union
        elif name in {"MAX_REPEAT", "MIN_REPEAT"}:
            once, sub_closed = _prefixes(av[2], opens)
            closed |= sub_closed
            if av[1] > 1:  # more repetitions may follow: stop extending there
                closed |= once
                once = set()
            opens = (opens | once) if av[0] == 0 else once
        else:  # anything else: the prefix cannot be extended further
            closed |= opens
            opens = set()
    return opens, closed


def _index_keys(entry: Entry, first: set[str]) -> set[str]:
    """One- or two-character prefixes under which ``entry`` is indexed."""
    try:
        opens, closed = _prefixes(sre_parse.parse(entry.regex.pattern), {""})
    except (TypeError, ValueError, IndexError):
        return first
    keys = opens | closed
    # Sanity: refine the first-character index, never widen or contradict it.
    if not keys or any(not k or k[0] not in first for k in keys):
        return first
    return keys


def _prefix_free(keys: set[str]) -> set[str]:
    """Drop every key that extends a shorter key of the same set (the shorter one finds
    all its positions), so at one position at most one key of an entry occurs."""
    return {k for k in keys if not any(k != p and k.startswith(p) for p in keys)}


def _build_matcher(entries: Iterable[Entry]) -> Matcher:
    anywhere: list[Entry] = []
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        chars = _first_chars(sre_parse.parse(entry.regex.pattern))
        if chars is None:
            anywhere.append(entry)
            continue
        for key in _prefix_free(_index_keys(entry, chars)):
            by_key.setdefault(key, []).append(entry)  # entries arrive in lexicon order
    keys = tuple(by_key)
    return Matcher(
        keys=keys,
        by_key=tuple(tuple(by_key[k]) for k in keys),
        anywhere=tuple(anywhere),
        automaton=AhoCorasick(list(keys), matchkind=MATCHKIND_STANDARD) if keys else None,
    )


def _parse_options(raw: str, where: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in raw.split(","))):
        key, _, value = item.partition("=")
        if key not in {"on", "w", "floor", "nocheck", "not"}:
            msg = f"{where}: unknown option {item!r}"
            raise LexiconError(msg)
        options[key] = value
    return options


def parse_lines(lines: Iterable[str], *, source: str) -> list[Entry]:
    """Parse the lines of one lexicon file into entries."""
    entries: list[Entry] = []
    for lineno, line in enumerate(lines, start=1):
        stripped = line.rstrip("\n")
        if not stripped.strip() or stripped.lstrip().startswith("#"):
            continue
        cols = stripped.split("\t")
        where = f"{source}:{lineno}"
        if len(cols) < 2 or not cols[0] or not cols[1]:
            msg = f"{where}: expected 'pattern<TAB>target[<TAB>options]'"
            raise LexiconError(msg)
        options = _parse_options(cols[2] if len(cols) > 2 else "", where)
        pattern = fold_pattern(cols[0])
        try:
            regex = re.compile(pattern)
        except re.error as exc:
            msg = f"{where}: bad pattern {cols[0]!r}: {exc}"
            raise LexiconError(msg) from exc
        on = options.get("on", "both")
        entries.append(
            Entry(
                target=cols[1].strip(),
                pattern=pattern,
                regex=regex,
                on_lemma=on in {"both", "lemma"},
                on_surface=on in {"both", "surface"},
                weight=int(options.get("w", "1")),
                floor=int(options.get("floor", "0")),
                check="nocheck" not in options,
                source=where,
                rules_out="not" in options,
            )
        )
    return entries


def _lexicon_files(extra_dir: str | None) -> list[Path]:
    files = sorted(PACKAGE_DIR.glob("*.tsv"))
    if extra_dir:
        files += sorted(Path(extra_dir).glob("*.tsv"))
    return files


def build_lexicon(files: Iterable[Path]) -> Lexicon:
    """Load and compile the given lexicon files."""
    digest = hashlib.sha256()
    entries: list[Entry] = []
    for path in files:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        entries.extend(parse_lines(data.decode("utf-8").splitlines(), source=path.name))
    context_parts: dict[str, list[str]] = {}
    detect_entries: list[Entry] = []
    for entry in entries:
        if entry.target in CONTEXT_TARGETS:
            context_parts.setdefault(entry.target, []).append(entry.pattern)
        else:
            detect_entries.append(entry)
    context = {
        name: re.compile("|".join(f"(?:{p})" for p in parts))
        for name, parts in context_parts.items()
    }
    return Lexicon(
        entries=tuple(detect_entries),
        lemma_matcher=_build_matcher(e for e in detect_entries if e.on_lemma),
        surface_matcher=_build_matcher(e for e in detect_entries if e.on_surface),
        context=context,
        version=digest.hexdigest()[:16],
    )


_LOCK = threading.Lock()
_CACHE: dict[str | None, Lexicon] = {}
# The lexicon in use: the environment is read when it is first needed and again after
# clear_cache(), not on every analyze() call (a missing variable costs a KeyError inside
# os.environ each time — a measurable part of analysing a short message).
_CURRENT: Lexicon | None = None


def load_lexicon() -> Lexicon:
    """The lexicon for ``KAMITAIOU_LEXICON_DIR`` as it was when first loaded (and after
    each :func:`clear_cache`); loaded once, then cached."""
    global _CURRENT  # noqa: PLW0603 - the process-wide lexicon in use, on purpose
    lexicon = _CURRENT
    if lexicon is None:
        with _LOCK:
            extra = os.environ.get(ENV_VAR) or None
            lexicon = _CACHE.get(extra)
            if lexicon is None:
                lexicon = build_lexicon(_lexicon_files(extra))
                _CACHE[extra] = lexicon
            _CURRENT = lexicon
    return lexicon


def lexicon_version() -> str:
    """Short SHA-256 of the loaded lexicon files: changes when analyses should be redone."""
    return load_lexicon().version


def clear_cache() -> None:
    """Forget loaded lexicons and re-read ``KAMITAIOU_LEXICON_DIR`` at the next use (tests,
    or after editing files or the variable in a long-running process)."""
    global _CURRENT  # noqa: PLW0603
    with _LOCK:
        _CACHE.clear()
        _CURRENT = None
