"""The reply coach's speed: the rules alone and the rules + the learned checker, in one run.

    .venv/bin/python bench/coach.py [--repeat 5]

Corpus: every draft of eval/coach_drafts.tsv and eval/coach_heldout.tsv with its kind, stage
and anger. Prints milliseconds per draft (best round) for both paths; the issue's target is
< 20 ms per draft on one core.
"""

from __future__ import annotations

import argparse
import csv
import resource
import time
from pathlib import Path

from kamitaiou.method.coach import CoachContext, check_draft
from kamitaiou.method.coach.learned import coach_model
from kamitaiou.method.stages import CaseKind, Stage

EVAL = Path(__file__).resolve().parents[1] / "eval"


def corpus() -> list[tuple[str, CaseKind, Stage, int | None]]:
    rows = []
    for name in ("coach_drafts.tsv", "coach_heldout.tsv"):
        with (EVAL / name).open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                anger = int(r["anger"]) if r["anger"].strip() else None
                rows.append((r["draft"], CaseKind(r["kind"]), Stage(r["stage"]), anger))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    drafts = corpus()
    model = coach_model()
    best: dict[bool, float] = {}
    for learned in (False, True, False, True):  # warm-up then interleave
        check_draft("テスト", kind=CaseKind.COMPLAINT, stage=Stage.CALMING, learned=learned)
    for _ in range(args.repeat):
        for learned in (False, True):
            started = time.perf_counter()
            for draft, kind, stage, anger in drafts:
                check_draft(
                    draft,
                    kind=kind,
                    stage=stage,
                    context=CoachContext(anger=anger),
                    learned=learned,
                )
            per = (time.perf_counter() - started) / len(drafts) * 1000
            best[learned] = min(best.get(learned, per), per)
    print(f"corpus: {len(drafts)} drafts")
    print(f"rules alone:            {best[False]:.2f} ms per draft")
    which = "" if model is not None else "  (NO MODEL: rules alone)"
    print(f"rules + learned checker: {best[True]:.2f} ms per draft  (target < 20 ms){which}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
