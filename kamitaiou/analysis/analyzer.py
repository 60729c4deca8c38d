"""``analyze()``: raw text → cues → normalisation with offsets → tokens → detectors → signals."""

from __future__ import annotations

from datetime import datetime

from kamitaiou.analysis.cues import count_cues
from kamitaiou.analysis.detect import Found, detect, detect_deadlines
from kamitaiou.analysis.lexicon import load_lexicon
from kamitaiou.analysis.model import BACKGROUND_LABELS, Analysis, Label, Signal
from kamitaiou.analysis.next_step import choose_next_step
from kamitaiou.analysis.normalize import NormalizedText, normalize
from kamitaiou.analysis.scoring import score_anger, score_anxiety
from kamitaiou.analysis.timeexpr import TOKYO
from kamitaiou.analysis.tokens import tokenize

MAX_CHARS = 20_000


class AnalyzerInputError(ValueError):
    """The text cannot be analysed (empty, or longer than :data:`MAX_CHARS`)."""


def _signal(found: Found, norm: NormalizedText) -> Signal:
    start, end = norm.to_raw(found.start, found.end)
    # Trim raw whitespace the span may have picked up at its edges.
    raw = norm.raw
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return Signal(found.label, start, end, raw[start:end], dict(found.detail))


def _signal_order(s: Signal) -> tuple[int, int, str]:
    return (s.start, s.end, str(s.label))


def analyze(text: str, *, now: datetime | None = None) -> Analysis:
    """Read one Japanese customer message like a supervisor would.

    ``now`` anchors relative dates (今日中, 来週の月曜…); it defaults to the current time in
    Asia/Tokyo, and a naive datetime is taken as Tokyo time. Raises
    :class:`AnalyzerInputError` for an empty (or blank) text or one over ``MAX_CHARS``.
    """
    if not text or not text.strip():
        msg = "empty text"
        raise AnalyzerInputError(msg)
    if len(text) > MAX_CHARS:
        msg = f"text too long ({len(text)} characters; the limit is {MAX_CHARS})"
        raise AnalyzerInputError(msg)
    if now is None:
        now = datetime.now(TOKYO)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=TOKYO)
    lexicon = load_lexicon()
    cues = count_cues(text)
    norm = normalize(text)
    tok = tokenize(norm.text)
    found, emotions = detect(tok, lexicon)
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
    return Analysis(
        anger=anger,
        anxiety=anxiety,
        signals=tuple(signals),
        next_step=choose_next_step(labels, anger=anger, anxiety=anxiety, inquiry=inquiry),
    )
