"""Benchmark of the analyzer: bare NFKC + SudachiPy vs the full analyze(), and peak RSS.

Corpus (deterministic, >= 2,000 messages): every text of eval/cases.tsv (our own cases),
combined with fixed prefixes and suffixes typical of mails, call notes and chat
(お世話になっております。 / 【お問い合わせ】 / …！！ / ｗ / 😡 …), in a fixed order.

    python bench/analyzer.py [--repeat 3]

Prints (a) the throughput of bare normalisation + mode-C tokenisation, (b) the throughput
of analyze(), the ratio b/a (target >= 0.5) and the peak RSS (target < 200 MB).

Fairness: one process, one corpus; the Sudachi dictionary is loaded and both paths are
warmed up before timing; (a) uses the same tokenizer and the same reusable MorphemeList
as analyze(), so (b) gains nothing (a) does not have. Rounds of (a) and (b) alternate, so
a burst of load on a shared machine hits both; each figure is the best round, and the
median of the per-round ratios is printed as well.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import time
import unicodedata
from datetime import datetime
from itertools import product
from pathlib import Path

import neologdn

from kamitaiou.analysis import analyze
from kamitaiou.analysis.timeexpr import TOKYO
from kamitaiou.analysis.tokens import tokenizer

CASES = Path(__file__).resolve().parents[1] / "eval" / "cases.tsv"
PREFIXES = ["", "お世話になっております。", "【お問い合わせ】", "もしもし、", "お客様より入電。"]
SUFFIXES = ["", "よろしくお願いします。", "！！", "ｗ", "😡", "。至急お願いします"]
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=TOKYO)


def corpus() -> list[str]:
    """The deterministic benchmark corpus (see the module docstring)."""
    with CASES.open(encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return [p + t + s for (p, s), t in product(product(PREFIXES, SUFFIXES), texts)]


def bare(texts: list[str]) -> None:
    tok = tokenizer()
    out = tok.tokenize("")  # reused, as analyze() does
    for text in texts:
        tok.tokenize(neologdn.normalize(unicodedata.normalize("NFKC", text)), out=out)


def full(texts: list[str]) -> None:
    for text in texts:
        analyze(text, now=NOW)


def timed(func, texts: list[str]) -> float:
    start = time.perf_counter()
    func(texts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of (a) and (b)")
    args = parser.parse_args()
    texts = corpus()
    bare(texts[:200])  # warm-up (dictionary, lexicon, caches): not timed
    full(texts[:200])
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(args.repeat):  # alternate, so load on a shared machine hits both
        times_a.append(timed(bare, texts))
        times_b.append(timed(full, texts))
    rate_a = len(texts) / min(times_a)
    rate_b = len(texts) / min(times_b)
    ratios = [a / b for a, b in zip(times_a, times_b, strict=True)]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {len(texts)} messages, {chars:.1f} characters on average")
    print(f"(a) NFKC + neologdn + SudachiPy mode C: {rate_a:,.0f} messages/s")
    print(f"(b) analyze():                          {rate_b:,.0f} messages/s")
    print(
        f"ratio b/a: {rate_b / rate_a:.2f}  (target >= 0.5; median of rounds "
        f"{statistics.median(ratios):.2f})"
    )
    print(f"peak RSS: {rss_mb:.0f} MB  (target < 200 MB)")


if __name__ == "__main__":
    main()
