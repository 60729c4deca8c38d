"""Benchmark of the analyzer: bare NFKC + SudachiPy vs the full analyze(), and peak RSS.

Corpus (deterministic, >= 2,000 messages): every text of eval/cases.tsv (our own cases),
combined with fixed prefixes and suffixes typical of mails, call notes and chat
(お世話になっております。 / 【お問い合わせ】 / …！！ / ｗ / 😡 …), in a fixed order.

    python bench/analyzer.py [--repeat 3]

Prints (a) the throughput of bare normalisation + mode-C tokenisation, (b) the throughput
of analyze(), the ratio b/a (target >= 0.5) and the peak RSS (target < 200 MB).
"""

from __future__ import annotations

import argparse
import csv
import resource
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
    for text in texts:
        tok.tokenize(neologdn.normalize(unicodedata.normalize("NFKC", text)))


def full(texts: list[str]) -> None:
    for text in texts:
        analyze(text, now=NOW)


def best_rate(func, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(texts)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = corpus()
    full(texts[:50])  # warm-up: dictionary, lexicon and caches
    bare(texts[:50])
    rate_a = best_rate(bare, texts, args.repeat)
    rate_b = best_rate(full, texts, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {len(texts)} messages, {chars:.1f} characters on average")
    print(f"(a) NFKC + neologdn + SudachiPy mode C: {rate_a:,.0f} messages/s")
    print(f"(b) analyze():                          {rate_b:,.0f} messages/s")
    print(f"ratio b/a: {rate_b / rate_a:.2f}  (target >= 0.5)")
    print(f"peak RSS: {rss_mb:.0f} MB  (target < 200 MB)")


if __name__ == "__main__":
    main()
