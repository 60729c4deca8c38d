"""Japanese text analyzer of Kamitaiou — pure Python, no Django.

>>> from kamitaiou.analysis import analyze
>>> result = analyze("ちょっと!今週中に持ってきて!")
>>> result.to_dict()["labels"]
['deadline']

``LEXICON_VERSION`` (a short hash of the loaded lexicon files, computed on first access)
tells the app when stored analyses should be recomputed.
"""

from __future__ import annotations

from typing import Any

from kamitaiou.analysis.analyzer import MAX_CHARS, AnalyzerInputError, analyze
from kamitaiou.analysis.lexicon import lexicon_version
from kamitaiou.analysis.model import Analysis, Label, NextStep, Signal

__all__ = [
    "LEXICON_VERSION",
    "MAX_CHARS",
    "Analysis",
    "AnalyzerInputError",
    "Label",
    "NextStep",
    "Signal",
    "analyze",
    "lexicon_version",
]


def __getattr__(name: str) -> Any:
    if name == "LEXICON_VERSION":
        return lexicon_version()
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
