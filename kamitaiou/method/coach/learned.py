"""A learned checker beside the coach's rules — the analyzer's reader machinery, on drafts.

The same hashed features as the analyzer's reader (character n-grams, utterance endings,
Sudachi lemmas; :mod:`kamitaiou.analysis.reader.features`) plus what only a reply has: the
case kind and stage, the customer's anger, the longest sentence, the rules' own findings, and
every lemma crossed with the stage's role (accept / persuade / other) and with "the customer
is angry" — so 「しかし」 can weigh differently while hearing the customer out than at the
proposal. One logistic unit per finding code, in the reader's model file format.

Combination (:func:`learned_findings`): the rules' findings stay; the checker adds a code the
rules did not find when its probability passes the code's threshold, with its strongest words
as the evidence (or the whole draft for a missing move). The claim-structure codes the rules
measure exactly (claim_too_long, claim_logic_heavy, missing_initiative, missing_apology —
an apology word is there or not) stay the rules' alone, and ``vague_referral`` is never added
to a draft one of whose sentences names a concrete persona (the referral guard's own rule).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from kamitaiou.analysis.normalize import NormalizedText, normalize, raw_span
from kamitaiou.analysis.reader.combine import evidence_spans, snap_to_tokens
from kamitaiou.analysis.reader.features import Features, feature_strings, hash_features
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.reader.watch import RECHECK_SECONDS, WatchedModel
from kamitaiou.analysis.tokens import Tokenized, tokenize
from kamitaiou.method.coach.model import Finding, FindingCode
from kamitaiou.method.coach.scan import Scan
from kamitaiou.method.referral import is_concrete_persona
from kamitaiou.method.stages import CaseKind, Stage

C = FindingCode
LEARNED_CODES: tuple[str, ...] = tuple(
    sorted(
        str(c)
        for c in (
            C.PARTIAL_DENIAL, C.EXCUSE, C.BLAME_CUSTOMER, C.PREMATURE_RULE,
            C.LITIGATION_ENCOURAGED, C.IMPOSSIBLE_PROMISE, C.UNAPPROVED_SPECIAL,
            C.MULTIPLE_CLAIMS, C.CLAIM_TOO_DETAILED, C.COMMAND_TONE, C.COLD_FORMALITY,
            C.MISSING_SAME_DIRECTION, C.LONG_SENTENCE, C.VAGUE_REFERRAL,
        )
    )
)  # fmt: skip
#: codes the rules measure exactly (a sentence's length against the limit): the checker
#: learns them as features of the draft but never adds them on its own
RULES_ONLY = frozenset({str(C.LONG_SENTENCE)})
#: codes about something the draft lacks: their evidence is the whole draft
WHOLE_DRAFT = frozenset({str(C.MISSING_SAME_DIRECTION)})
ACCEPT_STAGES = frozenset({Stage.RECEIVED, Stage.CALMING, Stage.HEARING, Stage.EMPATHY})
PERSUADE_STAGES = frozenset(
    {Stage.PROPOSAL, Stage.SCOPE, Stage.DECLINED, Stage.REFUSED, Stage.ASSESSMENT}
)
SHIPPED = Path(__file__).with_name("data") / "coach.kmr"
ENV = "KAMITAIOU_COACH_MODEL"
#: the deployment's activated checker (settings: KAMITAIOU_MODELS_DIR/coach-active.kmr)
ACTIVE_FILE_ENV = "KAMITAIOU_COACH_ACTIVE_FILE"
DIM = 1 << 18

_clock = time.monotonic  # tests replace it (and SHIPPED, RECHECK_SECONDS): looked up per use

_WATCH = WatchedModel(
    env=ENV,
    active_env=ACTIVE_FILE_ENV,
    shipped=lambda: SHIPPED,
    clock=lambda: _clock(),  # noqa: PLW0108 — the global, looked up per call
    interval=lambda: RECHECK_SECONDS,
)


def stage_role(stage: Stage) -> str:
    """Where in the method a stage stands: accepting, persuading, or other."""
    if stage in ACCEPT_STAGES:
        return "accept"
    return "persuade" if stage in PERSUADE_STAGES else "other"


def draft_features(
    tok: Tokenized,
    *,
    kind: CaseKind,
    stage: Stage,
    anger: int | None,
    rule_codes: Iterable[str],
    dim: int = DIM,
) -> Features:
    """The checker's features of one draft (see the module docstring)."""
    strings = feature_strings(tok, rule_labels=[f"c{code}" for code in sorted(rule_codes)])
    role = stage_role(stage)
    angry = "A" if (anger or 0) >= 2 else "a"
    no_span = (-1, -1)
    lemmas = [(f, span) for f, span in strings if f[0] == "l"]
    strings += [(f"{role}|{f}", span) for f, span in lemmas]
    strings += [(f"{angry}|{f}", span) for f, span in lemmas]
    longest = max((len(s) for s in tok.text.replace("！", "。").split("。")), default=0)
    strings += [
        (f"k{kind}", no_span),
        (f"s{kind}:{stage}", no_span),
        (f"g{role}", no_span),
        (f"n{anger if anger is not None else '-'}", no_span),
        (f"L{min(longest // 20, 8)}{angry}", no_span),
    ]
    return hash_features(strings, dim)


def coach_model() -> LinearReader | None:
    """The checker in force; ``None`` means the rules alone.

    ``KAMITAIOU_COACH_MODEL`` (a file, or ``rules``), else the deployment's activated file
    (``KAMITAIOU_COACH_ACTIVE_FILE``, while it exists), else the shipped ``coach.kmr``.
    Loaded once per process and re-checked like the analyzer's reader (at most every
    :data:`RECHECK_SECONDS`, reloaded when the file changed, the shipped one when it went:
    :mod:`kamitaiou.analysis.reader.watch`), so an admin's activation or rollback reaches
    every process without a restart."""
    return _WATCH.model()


def coach_model_version() -> str:
    """A short hash of the checker in force (``rules`` without one)."""
    return _WATCH.version()


def use_coach_model(model: LinearReader | None) -> None:
    """Force a checker (or ``None`` for the rules alone) in this process."""
    _WATCH.force(model)


def reset_coach_model() -> None:
    """Forget the choice: the next check resolves it again (environment, files)."""
    _WATCH.reset()


_BEFORE_EXECUTING = frozenset({Stage.RECEIVED, Stage.EMPATHY, Stage.ASSESSMENT, Stage.SCOPE})
_APPROVED = frozenset({Stage.APPROVED, Stage.EXECUTING, Stage.CLOSED})
_ANGRY_CODES = frozenset({C.COMMAND_TONE, C.COLD_FORMALITY, C.LONG_SENTENCE})


def applies(code: FindingCode, scan: Scan) -> bool:
    """Whether the method's rule for ``code`` can apply at this kind, stage and anger at all
    (the same scope the rules and the labellers keep: docs/coach.md)."""
    kind, stage, ctx = scan.kind, scan.stage, scan.context
    scope = {
        C.PARTIAL_DENIAL: stage in ACCEPT_STAGES,
        C.PREMATURE_RULE: stage in ACCEPT_STAGES,
        C.IMPOSSIBLE_PROMISE: kind is CaseKind.UNREASONABLE_DEMAND and stage in _BEFORE_EXECUTING,
        C.UNAPPROVED_SPECIAL: not ctx.special_approved
        and not (kind is CaseKind.SPECIAL_REQUEST and stage in _APPROVED),
        C.VAGUE_REFERRAL: kind is CaseKind.AFTER_FOLLOW,
    }
    if code in _ANGRY_CODES:
        return ctx.anger is None or ctx.anger >= 2
    return scope.get(code, True)


def learned_findings(scan: Scan, rule_findings: list[Finding]) -> list[Finding]:
    """Findings the checker adds to the rules' (empty without a model)."""
    model = coach_model()
    if model is None:
        return []
    norm: NormalizedText = normalize(scan.draft)
    tok = tokenize(norm.text)
    have = {str(f.code) for f in rule_findings}
    feats = draft_features(
        tok, kind=scan.kind, stage=scan.stage, anger=scan.context.anger, rule_codes=have,
        dim=model.dim,
    )  # fmt: skip
    probs = model.probabilities(feats)
    added: list[Finding] = []
    for col, name in enumerate(model.outputs):
        if name in have or name in RULES_ONLY or probs[col] < model.thresholds.get(name, 0.5):
            continue
        code = FindingCode(name)
        if not applies(code, scan):
            continue
        if code is C.VAGUE_REFERRAL and any(is_concrete_persona(s.text) for s in scan.sentences):
            continue
        if name in WHOLE_DRAFT:
            added.append(scan.whole(code))
            continue
        spans = evidence_spans(model, feats, name, limit=1, snap=partial(snap_to_tokens, tok))
        if not spans:
            continue
        start, end = raw_span(norm, spans[0][0], spans[0][1])
        if start < end:
            added.append(scan.finding(code, start=start, end=end))
    return added
