"""Strict parsing of the ids and numbers people send (GET, POST, URLs, forms).

``str.isdigit()`` is true for 「²」 and 「１２」, which ``int()`` then refuses or reads, and
``int()`` accepts " 12", "+12" and "1_2"; a 23-digit id overflows SQLite's INTEGER. Every
id and number a request carries is parsed here instead: ASCII digits only, within the
column's range, or "not given" (``None``) — which the caller turns into a form error, a
400 or a 404, never a 500.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The largest primary key (a signed 64-bit INTEGER on SQLite and PostgreSQL's BIGINT).
MAX_ID = 2**63 - 1
#: At most this many digits are looked at: "0000…01" is no id either.
MAX_DIGITS = 19
_DIGITS = re.compile(r"[0-9]{1,%d}" % MAX_DIGITS)  # noqa: UP031 — a regex, not a message
_SIGNED = re.compile(r"-?[0-9]{1,%d}" % MAX_DIGITS)  # noqa: UP031


def parse_id(raw: Any) -> int | None:
    """``raw`` as a primary key (1 … 2⁶³−1, ASCII digits only), else ``None``."""
    return parse_int(raw, low=1, high=MAX_ID)


def parse_int(raw: Any, *, low: int, high: int, signed: bool = False) -> int | None:
    """``raw`` as a whole number in ``[low, high]`` written in ASCII digits, else ``None``.

    Nothing is stripped or folded: " 3", "３", "²", "3.0", "+3" and "" are all ``None``.
    A minus sign is accepted only with ``signed=True``.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and (_SIGNED if signed else _DIGITS).fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if low <= value <= high else None


#: full-width digits and minus, as a Japanese IME types them → ASCII (nothing else folds:
#: ² or ٣ stay invalid)
_WIDE = str.maketrans("０１２３４５６７８９－", "0123456789-")


class StrictIntegerField(forms.IntegerField):
    """An ``IntegerField`` that reads decimal digits only, always within ``min``/``max``.

    Full-width digits typed through a Japanese IME (１２) are read as 12; every other
    digit-like character (², ٣) is refused. Django's own field accepts those and, without
    ``max_value``, lets a 23-digit number through to the database.
    """

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value).strip().translate(_WIDE)
        number = parse_int(text, low=-MAX_ID, high=MAX_ID, signed=True)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class StrictModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ``ModelChoiceField`` whose posted id is checked before any query is made."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not isinstance(value, self.queryset.model) and parse_id(str(value)) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


#: No date a person enters lies outside these years: beyond them there is no business
#: calendar (``method.followups.business_calendar``) and no reason to plan anything.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _year_in_range(value: Any) -> None:
    if value is None:
        return
    if value.year < EARLIEST_YEAR:
        raise ValidationError(_("The time is too far in the past."), code="too_early")
    if value.year > LATEST_YEAR:
        raise ValidationError(_("The date is too far in the future."), code="too_late")


class SaneDateTimeField(forms.DateTimeField):
    """A ``DateTimeField`` that refuses years outside 2000–2100 before any arithmetic
    (year 1 or 9999 overflows as soon as it is compared with a time in another zone)."""

    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        _year_in_range(parsed)
        return parsed


class SaneDateField(forms.DateField):
    """A ``DateField`` that refuses years outside 2000–2100."""

    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        _year_in_range(parsed)
        return parsed
