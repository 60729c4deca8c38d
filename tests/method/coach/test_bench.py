"""bench/coach.py runs end to end and prints both paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "coach.py"


def test_coach_benchmark_prints_the_rules_and_the_checker():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rules alone:" in done.stdout
    assert "rules + learned checker:" in done.stdout
