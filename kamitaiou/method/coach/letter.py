"""What makes a draft a letter a competent person would send (METHOD.md §5, §7, §8).

The Django side only gathers the case's facts (``DraftFacts``); this module turns them
into what the templates say:

- ``addressee`` — 「株式会社なにわ印刷\\n山田 太郎様」 (the customer's company, then the name);
- ``sender`` — *our* organisation and department, 「株式会社かみたいおう お客様相談室」,
  never the customer's company;
- ``subject`` — what the letter is about, as a noun phrase: from the case title
  (「複合機の故障が直らない」 → 「複合機の故障が直らない件」, 「保証期間を延長してほしい」 →
  「保証期間を延長してほしいとのご要望」) or, when the title reads as the customer's own
  sentence (「どういうことか説明してください。」), from a labelled demand (``refund`` →
  「ご返金のご要望」). The customer's raw words are never pasted in as a noun;
- ``terms`` / ``terms_ref`` — the contract clause that matches the demand (``clauses``);
- the signature block closing every draft: a rule line, organisation and department,
  the writer's name, the organisation's own lines (address, telephone …).

A fact that is not known stays a marked blank (「【件名】」) for the writer to fill.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from kamitaiou.method.coach.clauses import matching_clause

#: the line that opens the signature block; the coach does not judge what follows it
SIGNATURE_RULE = "―" * 20
#: a line of dashes, bars or equals signs: where a signature block starts
SIGNATURE_LINE = re.compile(r"^[ \t　]*[-－―ー─━=＝_＿*＊~〜]{3,}[ \t　]*$", re.MULTILINE)

MAX_TITLE_CHARS = 40
#: a title that ends like speech (です/ください/か …) is the customer's sentence, not a subject
_SPOKEN_END = re.compile(
    r"(?:です|ます|ません|ました|でした|ください|下さい|でしょう|ませんか|のか|か|よ|ね|ぞ|わ)$"
)
_INNER_STOP = re.compile(r"[。！!？?\n]")
_PLAIN_END = ("ない", "い", "た", "る", "う", "く", "す", "つ", "ぬ", "ぶ", "む", "ぐ")
_NOUN_END = re.compile(r"[一-鿿々〆ヵヶァ-ヴーA-Za-z0-9０-９Ａ-Ｚａ-ｚ）)」』]$")
#: how a title ending so becomes a subject, first match wins (a noun takes 「の件」)
_SUBJECT_FORMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ほしい", "欲しい", "たい"), "{text}とのご要望"),  # 延長してほしい
    (("て", "ないで"), "{text}ほしいとのご要望"),  # 作り直して
    (("までに", "まで", "に", "で", "へ", "を"), "{text}とのご要望"),  # 今週中に
    (("だ",), "{stem}の件"),  # 初期不良だ
    (_PLAIN_END, "{text}件"),  # 直らない, 来なかった
)


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftFacts:
    """What the case knows; every field is optional and renders as a marked blank
    (「【お客様名】」) when missing."""

    customer: str | None = None  # the customer's name
    customer_company: str | None = None  # the customer's company (addressee line)
    #: our organisation (the deployment's), never the customer's company
    company: str | None = None
    department: str | None = None  # our department, e.g. お客様相談室
    #: our own lines of the signature block (address, telephone, mail …)
    signature_lines: str | None = None
    staff: str | None = None  # the writer's full name
    title: str | None = None  # the case title
    labels: tuple[str, ...] = ()  # the analyzer's labels on the case
    product: str | None = None
    incident: str | None = None  # what happened (default: the title, when it reads so)
    request: str | None = None  # what the customer asks for (default: the subject)
    agreed: str | None = None  # what was agreed
    progress_done: str | None = None
    progress_next: str | None = None
    due: str | None = None
    contract_terms: str | None = None  # the whole contract text; a matching clause is quoted
    terms: str | None = None  # the contract clause's own text (overrides the matching)
    terms_ref: str | None = None  # e.g. 「第5条（保証）」
    scope: str | None = None  # what the rules make our responsibility
    law: str | None = None
    illegal_label: str | None = None  # the analyzer's label: tax_evasion, falsification
    reason: str | None = None  # why the demand is declined
    alternative: str | None = None
    value: str | None = None
    cost_down: str | None = None
    measure: str | None = None  # root-cause measure


def _clean(value: str | None) -> str:
    return value.strip() if isinstance(value, str) else ""


def usable_title(title: str | None) -> str | None:
    """The case title as a letter may name it, or ``None`` when it reads as the customer's
    own sentence (a full stop inside, a spoken ending, too long)."""
    text = _clean(title).strip("「」『』").rstrip("。．.！!？? 　")
    if not text or len(text) > MAX_TITLE_CHARS or _INNER_STOP.search(text):
        return None
    if _SPOKEN_END.search(text):
        return None
    return text


def title_subject(title: str | None) -> str | None:
    """「…件」 / 「…の件」 / 「…とのご要望」 from the case title, or ``None``."""
    text = usable_title(title)
    if text is None:
        return None
    for endings, form in _SUBJECT_FORMS:
        if text.endswith(endings):
            return form.format(text=text, stem=text[:-1])
    if _NOUN_END.search(text):
        return f"{text}の件"
    return None


def demand_subject(labels: Iterable[str], phrases: Mapping[str, str]) -> str | None:
    """The noun phrase of the first labelled demand, in the order of ``phrases``."""
    present = set(labels)
    return next((phrase for label, phrase in phrases.items() if label in present), None)


def subject(facts: DraftFacts, phrases: Mapping[str, str]) -> str | None:
    """What the letter is about: from the title, else from a labelled demand."""
    return title_subject(facts.title) or demand_subject(facts.labels, phrases)


def addressee(facts: DraftFacts) -> str | None:
    """「会社名\\nお名前様」, or 「お名前様」 for a private customer."""
    name = _clean(facts.customer)
    if not name:
        return None
    if not name.endswith("様"):
        name += "様"
    company = _clean(facts.customer_company)
    return f"{company}\n{name}" if company else name


def sender(facts: DraftFacts) -> str | None:
    """Our organisation and department: 「株式会社かみたいおう お客様相談室」."""
    company = _clean(facts.company)
    if not company:
        return None
    department = _clean(facts.department)
    return f"{company} {department}" if department else company


def signature_block(
    facts: DraftFacts, placeholders: Mapping[str, str]
) -> tuple[str, tuple[str, ...]]:
    """The block that closes every draft, and the facts it is missing."""
    missing: list[str] = []
    who = sender(facts)
    if who is None:
        missing.append("company")
        who = placeholders.get("company", "【会社名】")
        department = _clean(facts.department)
        who = f"{who} {department}" if department else who
    staff = _clean(facts.staff)
    if not staff:
        missing.append("staff")
        staff = placeholders.get("staff", "【担当者名】")
    extra = [line.rstrip() for line in _clean(facts.signature_lines).splitlines() if line.strip()]
    return "\n".join([SIGNATURE_RULE, who, staff, *extra]), tuple(missing)


def body_end(draft: str) -> int:
    """Where the draft's signature block starts (its length when it has none)."""
    for match in SIGNATURE_LINE.finditer(draft):
        if draft[: match.start()].strip():
            return match.start()
    return len(draft)


#: derived values, and the fact to report as missing when one cannot be derived
DERIVED_FROM: Mapping[str, str] = {
    "addressee": "customer",
    "sender": "company",
    "subject": "title",
}


def letter_values(
    facts: DraftFacts,
    *,
    subjects: Mapping[str, str],
    clause_terms: Mapping[str, tuple[str, ...]],
) -> dict[str, str]:
    """Every value a template may use: the facts given, then those derived from them."""
    values = {k: v.strip() for k, v in asdict(facts).items() if isinstance(v, str) and v.strip()}
    derived = {
        "addressee": addressee(facts),
        "sender": sender(facts),
        "subject": subject(facts, subjects),
    }
    values.update({k: v for k, v in derived.items() if v})
    if "incident" not in values and (title := usable_title(facts.title)):
        values["incident"] = title
    if "request" not in values and "subject" in values:
        values["request"] = values["subject"]
    if "terms" not in values and "contract_terms" in values:
        clause = matching_clause(
            values["contract_terms"],
            title=_clean(facts.title),
            labels=facts.labels,
            label_terms=clause_terms,
            product=_clean(facts.product),
        )
        if clause is not None:
            values["terms"] = clause.text
            if clause.ref and "terms_ref" not in values:
                values["terms_ref"] = clause.ref
    return values


def has_contract(facts: DraftFacts) -> bool:
    """True when the case has contract text to look in (or a clause was given)."""
    return bool(_clean(facts.terms) or _clean(facts.contract_terms))
