"""Benchmark of the analyzer: bare tokenisation, the rules alone and v2 (rules + learned reader).

Corpus (deterministic, >= 2,000 messages): every text of eval/cases.tsv (our own cases),
combined with fixed prefixes and suffixes typical of mails, call notes and chat
(お世話になっております。 / 【お問い合わせ】 / …！！ / ｗ / 😡 …), in a fixed order.

    python bench/analyzer.py [--repeat 3]

Prints (a) the throughput of bare NFKC + mode-C tokenisation, (a') the same with neologdn
between them (the bare form of the analyzer's own pipeline, which runs neologdn only when
it would change something), (r) analyze() with the rules alone (the v1 path), (b)
analyze() with the learned reader in force (v2, the shipped model unless
``KAMITAIOU_READER_MODEL`` says otherwise; target >= 3,000 messages/s on one core), the
ratios b/a and b/a', and the peak RSS with the model loaded (target < 250 MB).

Fairness: one process, one corpus; the Sudachi dictionary is loaded and every path is
warmed up before timing; (a) and (a') use the same tokenizer and the same reusable
MorphemeList as analyze(), so (b) gains nothing there that they do not have. Rounds of
(a), (a') and (b) are interleaved, so a burst of load on a shared machine hits all three;
each figure is the best round, and the median of the per-round ratios is printed too.
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
from kamitaiou.analysis.reader.active import active_reader, reader_version
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
        tok.tokenize(unicodedata.normalize("NFKC", text), out=out)


def bare_neologdn(texts: list[str]) -> None:
    tok = tokenizer()
    out = tok.tokenize("")
    for text in texts:
        tok.tokenize(neologdn.normalize(unicodedata.normalize("NFKC", text)), out=out)


def rules(texts: list[str]) -> None:
    for text in texts:
        analyze(text, now=NOW, reader=None)


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
    paths = {"a": bare, "a'": bare_neologdn, "r": rules, "b": full}
    model = active_reader()
    for func in paths.values():  # warm-up (dictionary, lexicon, caches): not timed
        func(texts[:200])
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(args.repeat):  # interleaved, so load on a shared machine hits all three
        for name, func in paths.items():
            times[name].append(timed(func, texts))
    rate = {name: len(texts) / min(t) for name, t in times.items()}
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"corpus: {len(texts)} messages, {chars:.1f} characters on average")
    print(f"(a)  NFKC + SudachiPy mode C:            {rate['a']:,.0f} messages/s")
    rate_a2 = rate["a'"]
    print(f"(a') NFKC + neologdn + SudachiPy mode C: {rate_a2:,.0f} messages/s")
    print(f"(r)  analyze(), rules alone (v1):         {rate['r']:,.0f} messages/s")
    which = f"model {reader_version()}" if model is not None else "NO MODEL: rules alone"
    print(f"(b)  analyze(), rules + reader (v2):      {rate['b']:,.0f} messages/s  ({which};")
    print("     target >= 3,000 messages/s)")
    for base, note in (("a", "for comparison"), ("a'", "for comparison")):
        ratios = [a / b for a, b in zip(times[base], times["b"], strict=True)]
        print(
            f"ratio b/{base}: {rate['b'] / rate[base]:.2f}  ({note}; median of rounds "
            f"{statistics.median(ratios):.2f})"
        )
    print(f"peak RSS: {rss_mb:.0f} MB  (target < 250 MB, model loaded)")


if __name__ == "__main__":
    main()
