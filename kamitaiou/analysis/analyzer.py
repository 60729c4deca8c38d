"""``analyze()``: raw text → cues → normalisation with offsets → tokens → rules → learned reader.

The rules (lexicons, context checks, deadline grammar) read first; when a reader model is
in force (:mod:`kamitaiou.analysis.reader.active`) it reads the same tokens — with the
rules' reading among its features, so it learns when to trust them — and the two are
combined (:mod:`kamitaiou.analysis.reader.combine`). Without a model the rules alone
answer, exactly as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from kamitaiou.analysis.cues import Cues, count_cues
from kamitaiou.analysis.detect import Found, detect, detect_deadlines
from kamitaiou.analysis.lexicon import load_lexicon
from kamitaiou.analysis.model import BACKGROUND_LABELS, Analysis, Label, Signal
from kamitaiou.analysis.next_step import choose_next_step
from kamitaiou.analysis.normalize import NormalizedText, normalize, raw_span
from kamitaiou.analysis.reader.active import active_reader
from kamitaiou.analysis.reader.combine import combine
from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.analysis.scoring import score_anger, score_anxiety
from kamitaiou.analysis.timeexpr import TOKYO
from kamitaiou.analysis.tokens import Tokenized, tokenize

MAX_CHARS = 20_000


class AnalyzerInputError(ValueError):
    """The text cannot be analysed (empty, or longer than :data:`MAX_CHARS`)."""


class RuleReading(NamedTuple):
    """What the rules read, with the intermediate text forms the learned reader reuses."""

    norm: NormalizedText
    tok: Tokenized
    cues: Cues
    signals: list[Signal]
    anger: int
    anxiety: int
    inquiry: bool
    #: labels the rules matched but their context ruled out (「訴えるつもりはありません」)
    suppressed: frozenset[Label] = frozenset()


def _signal(found: Found, norm: NormalizedText) -> Signal:
    start, end = raw_span(norm, found.start, found.end)
    return Signal(found.label, start, end, norm.raw[start:end], dict(found.detail))


def _signal_order(s: Signal) -> tuple[int, int, str]:
    return (s.start, s.end, str(s.label))


def _check(text: str, now: datetime | None) -> datetime:
    if not text or not text.strip():
        msg = "empty text"
        raise AnalyzerInputError(msg)
    if len(text) > MAX_CHARS:
        msg = f"text too long ({len(text)} characters; the limit is {MAX_CHARS})"
        raise AnalyzerInputError(msg)
    if now is None:
        return datetime.now(TOKYO)
    return now.replace(tzinfo=TOKYO) if now.tzinfo is None else now


def read_rules(text: str, *, now: datetime | None = None) -> RuleReading:
    """The rules' reading of one message (see :func:`analyze` for the arguments)."""
    now = _check(text, now)
    lexicon = load_lexicon()
    cues = count_cues(text)
    norm = normalize(text)
    tok = tokenize(norm.text)
    suppressed: set[Label] = set()
    found, emotions = detect(tok, lexicon, suppressed=suppressed)
    found.extend(detect_deadlines(tok, now, lexicon))
    signals = [_signal(f, norm) for f in found]
    if len(signals) > 1:
        signals.sort(key=_signal_order)
    labels: set[Label] = {s.label for s in signals}
    context = lexicon.context
    surface = tok.surface

    def has(name: str) -> bool:
        regex = context.get(name)
        return regex is not None and regex.search(surface) is not None

    # Each context is searched only when the score can depend on it: a cushion only
    # softens urgency, and thanks only count when there is no problem label.
    urgency = has("urgency")
    anger = score_anger(
        labels=labels,
        emotions=emotions,
        cues=cues,
        tok=tok,
        urgency=urgency,
        cushion=urgency and has("cushion"),
        thanks=not (labels - BACKGROUND_LABELS) and has("thanks"),
    )
    anxiety = score_anxiety(emotions=emotions, cues=cues)
    # A question or plain request only decides the next step when nothing else does.
    inquiry = not labels and not anger and not anxiety and has("inquiry")
    return RuleReading(norm, tok, cues, signals, anger, anxiety, inquiry, frozenset(suppressed))


def _rules_analysis(rr: RuleReading) -> Analysis:
    labels = {s.label for s in rr.signals}
    return Analysis(
        anger=rr.anger,
        anxiety=rr.anxiety,
        signals=tuple(rr.signals),
        next_step=choose_next_step(labels, anger=rr.anger, anxiety=rr.anxiety, inquiry=rr.inquiry),
    )


def analyze(
    text: str, *, now: datetime | None = None, reader: LinearReader | bool | None = True
) -> Analysis:
    """Read one Japanese customer message like a supervisor would.

    ``now`` anchors relative dates (今日中, 来週の月曜…); it defaults to the current time in
    Asia/Tokyo, and a naive datetime is taken as Tokyo time. ``reader`` is the learned
    reader to combine with the rules: ``True`` (default) for the one in force, a model, or
    ``False`` / ``None`` for the rules alone. Raises :class:`AnalyzerInputError` for an
    empty (or blank) text or one over ``MAX_CHARS``.
    """
    rr = read_rules(text, now=now)
    model = active_reader() if reader is True else (reader or None)
    if model is None:
        return _rules_analysis(rr)
    return combine(rr, model)
