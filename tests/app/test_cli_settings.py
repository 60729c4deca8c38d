"""A Django command run without its settings says what is missing in one line."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_command_without_a_secret_key_outside_debug_prints_one_line_and_no_traceback():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "KAMITAIOU_ALLOW_DEV_KEY"}
    }
    env["DEBUG"] = "0"
    done = subprocess.run(
        [sys.executable, "-m", "kamitaiou", "migrate", "--check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("kamitaiou: SECRET_KEY")
    assert len(done.stderr.strip().splitlines()) == 1
