"""bench/reanalyze.py runs end to end (at a tiny size) and prints both rates."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "reanalyze.py"


def test_reanalyze_benchmark_prints_the_rules_and_the_reader_rates(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["KAMITAIOU_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(BENCH), "--interactions", "100"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "reanalyze --all, rules alone (v1): 100 messages" in done.stdout
    assert "reanalyze --all, rules + reader" in done.stdout
    assert "peak RSS:" in done.stdout
