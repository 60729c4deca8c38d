"""bench/helpdesk.py, the parts that run without a registry: a missing registry is one
line and exit 2; our side builds and times its pages at a tiny size. (The reference side
needs django-helpdesk installed from the registry, so it is run by hand, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "helpdesk.py"


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )


def test_no_registry_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = run(
        ["--cases", "10", "--interactions", "10"],
        KAMITAIOU_BENCH_CACHE=str(tmp_path),
        UV_OFFLINE="1",
        UV_NO_CACHE="1",
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bench/helpdesk.py: cannot install the reference django-helpdesk")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no half-installed reference left behind


def test_our_side_builds_and_times_its_pages(tmp_path: Path) -> None:
    sizes = ["--cases", "200", "--interactions", "400", "--repeat", "1"]
    common = ["--side", "ours", "--dir", str(tmp_path), "--target", str(tmp_path), *sizes]
    for phase in ("build", "serve"):
        done = run([*common, "--phase", phase])
        assert done.returncode == 0, done.stderr
    served = json.loads((tmp_path / "serve.json").read_text())
    assert set(served["pages"]) == {"list_p1", "list_deep", "detail"}
    assert served["interactions"] == 400
    assert served["open"] == 66  # team 0: the 100 even cases; every third case is closed
    assert all(queries > 0 for _, _, queries in served["pages"].values())
