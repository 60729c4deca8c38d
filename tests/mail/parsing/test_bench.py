"""bench/mail_parse.py runs end to end and prints the figures it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "mail_parse.py"


def test_mail_parse_benchmark_prints_both_rates_and_the_ratio():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--seconds", "0.05"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for line in ("corpus: ", "parse_message:", "email.message_from_bytes:", "ratio:", "slowest:"):
        assert line in done.stdout
