"""Plain search over cases and customers until the search app (with its index) arrives.

Japanese readings are typed every which way — ﾔﾏﾀﾞ, やまだ, ヤマダ — so both sides are
folded the same way: NFKC (half-width → full-width katakana, full-width → ASCII),
hiragana → katakana, case-folded. Customers keep the folded form of what they are found
by in ``Customer.search_key``; queries are folded here on the way in.
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Exists, OuterRef, Q, QuerySet

#: A query is cut to this many characters and this many words, so one request stays cheap.
MAX_QUERY = 100
MAX_TERMS = 8

_HIRAGANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_HIRAGANA.update({ord("ゝ"): ord("ヽ"), ord("ゞ"): ord("ヾ")})


def fold(text: str) -> str:
    """``text`` folded for matching: NFKC, hiragana → katakana, case-folded."""
    return unicodedata.normalize("NFKC", text or "").translate(_HIRAGANA).casefold()


def digits(text: str) -> str:
    """Only the digits of ``text`` (a phone number as typed with or without hyphens)."""
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))


def customer_search_key(*, name: str, name_kana: str, company: str, email: str, phone: str) -> str:
    """What a customer is found by, folded; one line per field."""
    parts = [name, name_kana, company, email, phone, digits(phone)]
    return "\n".join(fold(part) for part in parts if part)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def terms(query: str) -> list[str]:
    """The words of ``query`` (split on any space, full-width included), bounded; control
    characters (NUL, which PostgreSQL refuses in text) count as spaces."""
    cleaned = _CONTROL.sub(" ", query[:MAX_QUERY])
    return unicodedata.normalize("NFKC", cleaned).split()[:MAX_TERMS]


def customer_term(term: str, *, prefix: str = "") -> Q:
    """Customers (or, with ``prefix="customer__"``, rows of a customer) matching ``term``."""
    q = Q(**{f"{prefix}search_key__contains": fold(term)})
    number = digits(term)
    if len(number) >= 3 and number == term.replace("-", ""):
        q |= Q(**{f"{prefix}search_key__contains": number})
    return q


def filter_customers(qs: QuerySet, query: str) -> QuerySet:  # type: ignore[type-arg]
    """``qs`` narrowed to the customers matching every word of ``query``."""
    for term in terms(query):
        qs = qs.filter(customer_term(term))
    return qs


def filter_cases(qs: QuerySet, query: str) -> QuerySet:  # type: ignore[type-arg]
    """``qs`` narrowed to cases matching every word of ``query`` in the title, the
    customer (name, reading, company, e-mail, phone) or the text of an interaction.

    Interactions are matched with an EXISTS subquery, so a case with many matching
    messages is still one row; the customer is a to-one join."""
    from kamitaiou.cases.models import Interaction  # noqa: PLC0415 — models import us

    for term in terms(query):
        in_text = Interaction.objects.filter(case=OuterRef("pk"), text__icontains=term)
        qs = qs.filter(
            Q(title__icontains=term) | customer_term(term, prefix="customer__") | Exists(in_text)
        )
    return qs
