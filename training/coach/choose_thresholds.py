"""Leave-batches-out choice of the coach's (warning, error) thresholds (docs/decisions/0012).

Run from the repository root: ``python training/coach/choose_thresholds.py``. The training
batches are dealt round-robin into five folds (two writers each); each fold is predicted by a
checker trained on the other folds, at every threshold pair, with the rules as in production.
Prints overall and error-code precision / recall per pair (about ten minutes on two cores).
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from pathlib import Path

from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.train import TrainConfig
from kamitaiou.method.coach.evaluation import evaluate
from kamitaiou.method.coach.learned import LEARNED_CODES, use_coach_model
from kamitaiou.method.coach.model import SEVERITIES, FindingCode, Severity
from kamitaiou.method.coach.train_cli import DRAFTS, build, read_drafts

FOLDS = 5
PAIRS = [(w, e) for w in (0.3, 0.4, 0.5) for e in (0.15, 0.2, 0.3, 0.4)]
ERROR_CODES = ("litigation_encouraged", "impossible_promise", "unapproved_special")


def _held_out_file(groups: list[str]) -> Path:
    path = Path(tempfile.mkdtemp()) / "held.tsv"
    with path.open("w", encoding="utf-8") as out:
        out.write("id\tkind\tstage\tanger\tdraft\texpected_codes\tnote\n")
        for group in groups:
            with (DRAFTS / f"{group}.tsv").open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                    fields = (r["id"], r["kind"], r["stage"], r["anger"], r["draft"], r["codes"])
                    out.write("\t".join(fields) + "\t\n")
    return path


def main() -> None:
    rows = read_drafts(DRAFTS)
    groups = sorted({r[6] for r in rows})
    fold = {g: i % FOLDS for i, g in enumerate(groups)}
    overall: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0, 0])
    for f in range(FOLDS):
        model = build([r for r in rows if fold[r[6]] != f], config=TrainConfig())
        held = _held_out_file([g for g in groups if fold[g] == f])
        for warning, error in PAIRS:
            th = {
                c: error if SEVERITIES[FindingCode(c)] is Severity.ERROR else warning
                for c in LEARNED_CODES
            }
            use_coach_model(LinearReader(model.outputs, model.weights, model.bias, th, model.meta))
            report = evaluate(held)
            for acc, score in [(overall, report.overall)] + [
                (errors, report.per_code[c]) for c in ERROR_CODES if c in report.per_code
            ]:
                t = acc[(warning, error)]
                t[0], t[1], t[2] = t[0] + score.tp, t[1] + score.fp, t[2] + score.fn
        print(f"fold {f} done", flush=True)
    for pair in PAIRS:
        tp, fp, fn = overall[pair]
        etp, efp, efn = errors[pair]
        p, r = tp / (tp + fp), tp / (tp + fn)
        print(
            f"{pair}: P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}"
            f" | error codes P {etp / (etp + efp):.3f} R {etp / (etp + efn):.3f}"
        )


if __name__ == "__main__":
    main()
