"""``python -m kamitaiou.analysis analyze …`` / ``analyze-eval …``."""

from __future__ import annotations

import sys

from kamitaiou.analysis.cli import analyze_main, eval_main

_USAGE = "usage: python -m kamitaiou.analysis {analyze,analyze-eval} ...\n"


def main(argv: list[str]) -> int:
    """Dispatch the first argument to the analyze or analyze-eval command."""
    if not argv or argv[0] not in {"analyze", "analyze-eval"}:
        sys.stderr.write(_USAGE)
        return 2
    if argv[0] == "analyze":
        return analyze_main(argv[1:])
    return eval_main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
