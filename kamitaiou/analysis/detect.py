"""Detectors: lexicon matches on the lemma and surface strings, filtered by context.

For every candidate match the rest of its clause (up to 、。!? or a line break; closing
quotes dropped so 『…』とは言っていない still reads as one clause) is checked:

- threats and カスハラ labels: meta-negation (「訴えるつもりはありません」,
  「土下座しろとまでは言わないが」, 「裁判なんて考えていません」) and direct negation
  (訴えません);
- ``legal_threat``: reported, harmless mentions (「弁護士に相談したところ、問題ないと…」);
- demands and illegal requests: meta-negation (「弁償しろとは言いませんが」), things already
  done (「返金していただき、ありがとう」) and things declared unnecessary (「返金は不要」);
- ``abuse`` and the background labels are not negated (an insult stays an insult).

Quoted speech is *not* discounted: an operator's note 「お客様より入電。『今日中に持ってこい』
とのこと。」 carries the customer's demand.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import NamedTuple

from kamitaiou.analysis.days import eod
from kamitaiou.analysis.lexicon import Entry, Lexicon
from kamitaiou.analysis.model import (
    DEMAND_LABELS,
    HARASSMENT_LABELS,
    ILLEGAL_LABELS,
    THREAT_LABELS,
    Label,
)
from kamitaiou.analysis.timeexpr import find_time_expressions
from kamitaiou.analysis.tokens import Tokenized

_CLAUSE_END = re.compile(r"[、。!?\n]")
_SENTENCE_END = re.compile(r"[。!?\n]")
_QUOTE_CLOSERS = re.compile('[」』"”’)]')  # dropped (re.sub: cheaper than str.translate)
_DIRECT_NEGATION = re.compile(r"(?:ない|ません|ず|へん|ねえ|ん)(?!か|と|なら|かっ|で|だ|や)")
_REQUEST = re.compile(
    r"ください|下さい|ほしい|欲しい|くれ|もらえ|もらい|いただけ|いただき|頂け|お願い|しろ|せよ|"
    r"こい|来い|なさい|ように|ないと|なければ|ないなら|ませんか|てよ|てや|ちょうだい|頼む|頼みます|"
    r"てね|(?:て|で)$|必要(?!ない|なし|ありません|ございません)|要るん|要ります"
)
# Time expressions that name no due time demanded of the company (detect_deadlines):
# a range end 「10時から5時まで居座り」, a start time 「8時半からにして」, a date to be written
# on a document 「完了日を3月31日にして」「11月30日付け」, the operator's own promise in a
# call note 「本日中に折り返す旨お伝えした」, the customer's own undertaking
# 「来週中に当方よりお送りいたします」.
_RANGE_END = re.compile(r"(?:から|より|[〜～~])$")
_START_TIME = re.compile(r"^(?:から|以降|過ぎ)")
# 「11月30日付け」「9月末ってことに」「3月31日扱いで」: a date to be put on paper
_DOCUMENT_DATE = re.compile(r"^(?:付|(?:って|という|と言う)(?:こと|事|扱い)に|扱い[にで])")
_DOCUMENT_FIELD = re.compile(
    r"(?:日付|日にち|(?:開始|終了|完了|納品|発行|契約|作成|着工|竣工|入金|引渡|引き渡し|出荷|請求|検収)日)"
    r"(?:を|は|が|だけ|って|も|、)[^。、]{0,6}$"
)
_SET_TO = re.compile(
    r"^(?:に(?:し|変更|ずら|遡|さかのぼ|書き換|直|でき|なるよう)|で(?:お?間違い|よろしい|合って|問題))"
)
_UTTERANCE_END = re.compile(r"[。!?\n」』]")
_OPERATOR_PROMISE = re.compile(r"旨|とお伝え|と伝え|とご案内|と案内|と回答|とお約束|と約束")
_OWN_UNDERTAKING = re.compile(
    r"(?:いた|致)します|させていただきます|させて頂きます|(?:お|ご)?(?:送り|送付|連絡|振り込み|振込|支払い|支払|伺い|持参)(?:します|しますね|いたします)|"
    r"振り込みますね|払いますね|伺いますね"
)
# 「明日の10時。それまでに持ってきて」「金曜は出張です。その前に直して」: the next sentence asks
# by the day the previous one named (その前 = the day before it)
_BACK_REFERENCE = re.compile(
    r"^(?:なので|だから|ですので|ですから|で)?[、,]?(?:それまで|その日まで|その前|その時までに|間に合)"
)
_PAST = re.compile(r"(?:た|だ|でした|ました|かった)(?:のに|けど|が|よ|ね|$)|はずだった|予定だった")
_NEGATED_CHECK = THREAT_LABELS | {
    Label.INTIMIDATION,
    Label.DOGEZA_DEMAND,
    Label.PROLONGED_BINDING,
}
_DIRECT_NEGATION_CHECK = THREAT_LABELS | {Label.DOGEZA_DEMAND}
_DEMAND_CHECK = (DEMAND_LABELS | ILLEGAL_LABELS) - {Label.DEADLINE}
_LABELS = {label.value: label for label in Label}


class Found(NamedTuple):
    """A detector hit on the normalised text (before mapping to the raw text)."""

    label: Label
    start: int
    end: int
    detail: tuple[tuple[str, str], ...] = ()


class EmotionHit(NamedTuple):
    """An emotion cue matched in the text."""

    target: str
    weight: int
    floor: int
    source: str


def _clause_after(surface: str, end: int) -> str:
    m = _CLAUSE_END.search(surface, end)
    return _QUOTE_CLOSERS.sub("", surface[end : m.start() if m else len(surface)])


def _sentence_after(surface: str, end: int) -> str:
    m = _SENTENCE_END.search(surface, end)
    return _QUOTE_CLOSERS.sub("", surface[end : m.start() if m else len(surface)])


def _context(lexicon: Lexicon, name: str, text: str) -> bool:
    regex = lexicon.context.get(name)
    return regex is not None and regex.match(text) is not None


def _keep(label: Label, entry: Entry, after: str, lexicon: Lexicon) -> bool:
    """Decide whether a label match survives its context (see the module docstring)."""
    if not entry.check:
        return True
    if label in _NEGATED_CHECK:
        if _context(lexicon, "negation", after):
            return False
        if label in _DIRECT_NEGATION_CHECK and _DIRECT_NEGATION.match(after):
            return False
        if label is Label.LEGAL_THREAT and _context(lexicon, "harmless_report", after):
            return False
    elif label in _DEMAND_CHECK:
        for name in ("negation", "done", "not_needed"):
            if _context(lexicon, name, after):
                return False
    return True


def _candidates(tok: Tokenized, lexicon: Lexicon) -> list[tuple[Entry, int, int]]:
    spans: list[tuple[Entry, int, int]] = []
    for entry, a, b in lexicon.lemma_matcher.scan(tok.lemma):
        start, end = tok.lemma_span(a, b)
        spans.append((entry, start, end))
    spans.extend(lexicon.surface_matcher.scan(tok.surface))
    return spans


def detect(
    tok: Tokenized, lexicon: Lexicon, *, suppressed: set[Label] | None = None
) -> tuple[list[Found], list[EmotionHit]]:
    """Run every lexicon detector over a tokenised text.

    Returns the label hits (normalised-text spans, overlapping hits of one label merged)
    and the emotion cues (one per lexicon entry). If ``suppressed`` is given, the labels
    whose every match was dropped by its context (negated, hypothetical, harmless, done,
    not needed) or that a ``not`` entry ruled out are added to it — the learned reader must
    not bring those back.
    """
    hits: dict[Label, list[tuple[int, int]]] = {}
    emotions: dict[str, EmotionHit] = {}
    for entry, start, end in _candidates(tok, lexicon):
        if entry.target in {"anger", "anxiety"}:
            emotions.setdefault(
                entry.source, EmotionHit(entry.target, entry.weight, entry.floor, entry.source)
            )
            continue
        label = _LABELS.get(entry.target)
        if label is None:
            continue
        if not entry.rules_out and _keep(label, entry, _clause_after(tok.surface, end), lexicon):
            hits.setdefault(label, []).append((start, end))
        elif suppressed is not None:
            suppressed.add(label)
    if suppressed is not None:
        suppressed.difference_update(hits)
    found: list[Found] = []
    for label, spans in hits.items():
        if len(spans) == 1:
            found.append(Found(label, *spans[0]))
            continue
        spans.sort(key=lambda s: (s[0], -s[1]))
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        found.extend(Found(label, s, e) for s, e in merged)
    return found, list(emotions.values())


def _not_a_demanded_due(surface: str, start: int, end: int, after: str) -> bool:
    """True for a time that is a range end, a start time, a date for a document, or a
    promise the operator or the customer makes themselves (see _RANGE_END…)."""
    before = surface[max(0, start - 16) : start]
    if _RANGE_END.search(before) or _START_TIME.match(after) or _DOCUMENT_DATE.match(after):
        return True
    if _DOCUMENT_FIELD.search(before) and _SET_TO.match(after):
        return True
    if _OPERATOR_PROMISE.search(after):
        return True
    sentence = _sentence_after(surface, end)
    return not _REQUEST.search(sentence) and bool(_OWN_UNDERTAKING.search(sentence))


def _referring_back(surface: str, end: re.Match[str] | None) -> int | None:
    """After a sentence that names a day without asking, does the next one ask by it?
    The days to count back (その前: 1), or ``None``."""
    if end is None or end.group() != "。":
        return None
    m = _UTTERANCE_END.search(surface, end.end())
    sentence = surface[end.end() : m.start() if m else len(surface)].lstrip()
    ref = _BACK_REFERENCE.match(sentence)
    if ref is None or not _REQUEST.search(sentence) or _PAST.search(sentence):
        return None
    return 1 if "その前" in ref.group() else 0


def detect_deadlines(tok: Tokenized, now: datetime, lexicon: Lexicon) -> list[Found]:
    """Time expressions that are deadlines, each with its resolved ``due`` (ISO 8601).

    Strong forms (…中, …まで(に), …以内, 月末, 年内, 朝一…) always are deadlines; a bare
    day or clock time is one only if the rest of its sentence asks for something and is not
    in the past. Either is dropped when the clause says it is not needed
    (「今日中じゃなくていい」) or negates it.
    """
    found: list[Found] = []
    for expr in find_time_expressions(tok.text, now):
        after = _clause_after(tok.surface, expr.end)
        if _context(lexicon, "not_needed", after) or _context(lexicon, "negation", after):
            continue
        if _not_a_demanded_due(tok.surface, expr.start, expr.end, after):
            continue
        when = expr.due
        if not expr.strong:
            # a bare day asks for nothing beyond its own utterance: a quote ends it
            m = _UTTERANCE_END.search(tok.surface, expr.end)
            sentence = tok.surface[expr.end : m.start() if m else len(tok.surface)]
            if not _REQUEST.search(sentence) or _PAST.search(sentence):
                back = _referring_back(tok.surface, m)
                if back is None:
                    continue
                when = eod(expr.due.date() - timedelta(days=back)) if back else expr.due
        due = when.isoformat(timespec="seconds")
        found.append(Found(Label.DEADLINE, expr.start, expr.end, (("due", due),)))
    return found


def harassment_present(labels: set[Label]) -> bool:
    """True if any カスハラ label (or a violence threat / SNS exposure) is present."""
    return bool(labels & (HARASSMENT_LABELS | {Label.VIOLENCE_THREAT, Label.SNS_EXPOSURE}))
