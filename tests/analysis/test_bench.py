"""bench/analyzer.py runs end to end and prints every figure it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "analyzer.py"


def test_analyzer_benchmark_prints_throughputs_ratios_and_rss():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "corpus: 4800 messages" in out
    for line in (
        "(a)  NFKC + SudachiPy",
        "(a') NFKC + neologdn",
        "(r)  analyze(), rules alone",
        "(b)  analyze(), rules + reader",
    ):
        assert line in out
    assert "ratio b/a:" in out
    assert "ratio b/a':" in out
    assert "peak RSS:" in out
