"""Benchmark of the pure mail parser over the corpus (tests/mail/corpus/*.eml).

Parses every corpus message again and again for about ``--seconds`` seconds with
``parse_message`` and, as the reference, with bare ``email.message_from_bytes`` (which
only builds the MIME tree: no decoding, no quote split, no detection), and prints
messages per second for both, the ratio, and the slowest messages.

    python bench/mail_parse.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import email
import time
from collections.abc import Callable
from pathlib import Path

from kamitaiou.mail.parsing import MailParseError, parse_message

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "mail" / "corpus"


def _parse(raw: bytes) -> object:
    try:
        return parse_message(raw, own_addresses=("support@example.jp",))
    except MailParseError as exc:
        return exc


def _rate(messages: list[bytes], parse: Callable[[bytes], object], seconds: float) -> float:
    """Messages per second: whole passes over the corpus until ``seconds`` are up."""
    done = 0
    start = time.perf_counter()
    while True:
        for raw in messages:
            parse(raw)
        done += len(messages)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    paths = sorted(CORPUS.glob("*.eml"))
    messages = [path.read_bytes() for path in paths]
    size = sum(len(raw) for raw in messages)
    for raw in messages:  # warm up (imports, regex compilation, charset-normalizer)
        _parse(raw)
    ours = _rate(messages, _parse, args.seconds)
    reference = _rate(messages, email.message_from_bytes, args.seconds)
    print(f"corpus: {len(messages)} messages, {size / 1024:.1f} KiB")
    print(f"parse_message:              {ours:8.0f} messages/s")
    print(f"email.message_from_bytes:   {reference:8.0f} messages/s (reference: MIME tree only)")
    print(f"ratio:                      {reference / ours:8.1f}x slower than the bare tree")
    timings = []
    for path, raw in zip(paths, messages, strict=True):
        start = time.perf_counter()
        for _ in range(20):
            _parse(raw)
        timings.append(((time.perf_counter() - start) / 20, path.name))
    print("slowest:")
    for seconds, name in sorted(timings, reverse=True)[:5]:
        print(f"  {seconds * 1000:7.2f} ms  {name}")


if __name__ == "__main__":
    main()
