"""``{% load codes %}``: every code a person sees goes through its label.

{{ case.stage|label:"stage" }}   {{ incident.labels|labels:"harassment" }}
"""

from __future__ import annotations

import json
from typing import Any

from django import template

from kamitaiou.cases import labels as vocabulary

register = template.Library()


@register.filter
def label(code: Any, name: str) -> str:
    """The label of ``code`` in vocabulary ``name``, in the active language."""
    return vocabulary.label(name, code)


@register.filter
def labels(codes: Any, name: str) -> str:
    """The labels of several codes of vocabulary ``name``, joined with 「・」."""
    return vocabulary.labels(name, codes)


@register.filter
def move_label(transition: Any) -> str:
    """The label of a move button of the method panel, in the active language."""
    return vocabulary.transition_label(transition.action, transition.label_ja)


@register.filter
def json_line(value: Any) -> str:
    """``value`` as one line of JSON, Japanese kept readable (escaped by the template)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
