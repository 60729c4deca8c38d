"""``python -m kamitaiou.method.coach …`` runs the coach command."""

from __future__ import annotations

import sys

from kamitaiou.method.coach.cli import coach_main

if __name__ == "__main__":
    sys.exit(coach_main(sys.argv[1:]))
