"""Which contract clause a normative draft may quote (METHOD.md §8 規範的説得).

A clause is quoted only when it is about the demand: it must contain one of the demand's
key terms — the content words of the case title (「家具の納期を今週中に」 → 家具, 納期) and
the words that go with the analyzer's labels (``deadline`` → 納期, 納品 …). Words of the
product name are left out (the product is named in every clause, e.g. 「第1条（目的）本契約
は…複合機リースについて定める」). When nothing matches, no clause is quoted and the draft
leaves a marked blank for the writer: quoting an unrelated clause reads as a brush-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

_NUMBERED = re.compile(
    r"^\s*(第[0-9０-９一二三四五六七八九十百]+条(?:[（(][^）)\n]{1,20}[）)])?)\s*(.*)$"
)
#: runs of kanji, of katakana, or of Latin letters and digits: the content words of a title
_RUN = re.compile(r"[一-鿿々〆ヵヶ]{2,}|[ァ-ヴー]{2,}|[A-Za-z0-9]{2,}")
_SENTENCE = re.compile(r"[^。\n]+。?")
#: words too general to tie a clause to a demand
_STOP = frozenset(
    {"契約", "本契約", "対応", "当社", "弊社", "今週", "今週中", "今日", "今日中", "明日"}
)
#: one-kanji endings of compounds that clauses often leave off (請求額 → 請求)
_SUFFIXES = "額機費書料金品時中違"
_NO_LABEL_TERMS: Mapping[str, tuple[str, ...]] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a contract: its heading (「第2条（提供内容）」, or empty) and text."""

    ref: str
    text: str


def split_clauses(terms: str) -> list[Clause]:
    """Split contract terms into clauses at 「第N条」 headings (else one clause per line)."""
    clauses: list[Clause] = []
    for raw in terms.splitlines():
        line = raw.strip()
        if not line:
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            clauses.append(Clause(ref=numbered.group(1), text=numbered.group(2).strip()))
        elif clauses and clauses[-1].ref:
            last = clauses[-1]
            clauses[-1] = Clause(ref=last.ref, text=last.text + line)
        else:
            clauses.append(Clause(ref="", text=line))
    return [clause for clause in clauses if clause.text]


def title_terms(title: str, *, product: str = "") -> frozenset[str]:
    """The content words of the case title (not those of the product name)."""
    terms: set[str] = set()
    for run in _RUN.findall(title):
        terms.add(run)
        if len(run) >= 3 and run[-1] in _SUFFIXES:
            terms.add(run[:-1])
    return _without_general(terms, product)


def label_words(
    labels: Iterable[str], label_terms: Mapping[str, tuple[str, ...]], *, product: str = ""
) -> frozenset[str]:
    """The words that go with the case's analyzer labels."""
    terms: set[str] = set()
    for label in labels:
        terms.update(label_terms.get(label, ()))
    return _without_general(terms, product)


def _without_general(terms: set[str], product: str) -> frozenset[str]:
    return frozenset(
        term for term in terms if term not in _STOP and not (product and term in product)
    )


def key_terms(
    *,
    title: str = "",
    labels: Iterable[str] = (),
    label_terms: Mapping[str, tuple[str, ...]] = _NO_LABEL_TERMS,
    product: str = "",
) -> frozenset[str]:
    """The words a clause must share with the demand to be quoted for it."""
    return title_terms(title, product=product) | label_words(labels, label_terms, product=product)


def matching_clause(
    terms_text: str,
    *,
    title: str = "",
    labels: Iterable[str] = (),
    label_terms: Mapping[str, tuple[str, ...]] = _NO_LABEL_TERMS,
    product: str = "",
) -> Clause | None:
    """The clause about the demand, cut to the sentences that share its key terms;
    ``None`` when no clause shares one.

    The title's words count first (it is the most specific statement of the demand), the
    labels' words break ties: 「家具の納期を今週中に」 quotes the clause on 納期, not the
    disclaimer a ``customer_mistake`` label would also point at.
    """
    from_title = title_terms(title, product=product)
    from_labels = label_words(labels, label_terms, product=product)
    keys = from_title | from_labels
    best: tuple[tuple[int, int], Clause] | None = None
    for clause in split_clauses(terms_text):
        score = (
            sum(1 for key in from_title if key in clause.text),
            sum(1 for key in from_labels if key in clause.text),
        )
        if any(score) and (best is None or score > best[0]):
            best = (score, clause)
    if best is None:
        return None
    clause = best[1]
    sentences = [s.strip() for s in _SENTENCE.findall(clause.text) if s.strip()]
    quoted = "".join(s for s in sentences if any(key in s for key in keys))
    return Clause(ref=clause.ref, text=quoted or clause.text)
