"""Strict parsing of ids and numbers (kamitaiou/params.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kamitaiou.params import StrictIntegerField, parse_id


@pytest.mark.parametrize("raw", ["²", "١٢", "99999999999999999999999", "0", "-1", " 1", "1e3", ""])
def test_an_id_is_ascii_digits_within_range(raw):
    assert parse_id(raw) is None


def test_a_plain_id_parses():
    assert parse_id("42") == 42


@pytest.mark.parametrize(("typed", "value"), [("12", 12), ("１２", 12), (" ３ ", 3), ("－５", -5)])
def test_a_form_number_typed_with_a_japanese_ime_is_read(typed, value):
    assert StrictIntegerField(min_value=-10, max_value=100).clean(typed) == value


@pytest.mark.parametrize("typed", ["²", "٣", "1.5", "101", "99999999999999999999999"])
def test_a_form_number_that_is_not_a_plain_number_in_range_is_an_error(typed):
    with pytest.raises(ValidationError):
        StrictIntegerField(min_value=-10, max_value=100).clean(typed)
