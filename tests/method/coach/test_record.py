"""What the Django side stores: findings as data, what was shown, what was overridden."""

from __future__ import annotations

import json

import pytest

from kamitaiou.method.coach import apply_replacements, findings_digest, overridden
from kamitaiou.method.stages import Stage

from .helpers import C, U, check

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")

DRAFT = "いや、今すぐ写真を撮ってください。番号も確認してください。"


def test_to_dict_is_the_panels_shape_and_json_ready():
    finding = check(DRAFT)[0]
    data = finding.to_dict()
    assert list(data) == [
        "code",
        "severity",
        "start",
        "end",
        "text",
        "reason",
        "suggestion",
        "replacement",
    ]
    assert data["code"] == "partial_denial" and data["text"] == "いや、"
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_the_digest_is_compact():
    digest = findings_digest(check(DRAFT))
    assert [d["code"] for d in digest] == ["partial_denial", "command_tone", "command_tone"]
    assert set(digest[0]) == {"code", "severity", "start", "end", "text", "whole_draft"}


def test_replacements_rewrite_the_draft_mechanically():
    fixed = apply_replacements(DRAFT, check(DRAFT))
    assert (
        fixed == "今すぐ写真を撮っていただけますでしょうか。番号も確認していただけますでしょうか。"
    )
    assert check(fixed) == []


def test_replacements_skip_overlaps_and_findings_without_one():
    draft = "必ず絶対に間に合わせます。"
    found = check(draft, U, Stage.ASSESSMENT)
    assert apply_replacements(draft, found) == "できる限りできる限り間に合わせます。"
    assert apply_replacements(draft, []) == draft


def test_a_finding_the_writer_fixed_is_not_overridden():
    shown = check(DRAFT)
    final = check("今すぐ写真を撮ってください。番号も確認してください。")
    kept = overridden(shown, final)
    assert [f.code for f in kept] == ["command_tone", "command_tone"]


def test_overridden_works_on_stored_digests_and_moved_offsets():
    shown = findings_digest(check(DRAFT))
    final = check("お手数ですが、" + DRAFT)  # every span moved by 7 characters
    assert overridden(shown, final) == shown


def test_a_missing_move_matches_by_code_whatever_the_text():
    shown = check("検品に不備がございました。", C, Stage.APOLOGY)
    final = check("検品に不備がございました。今後は二重に確認します。", C, Stage.APOLOGY)
    assert overridden(shown, findings_digest(final)) == shown
    assert overridden(shown, []) == []


def test_each_shown_finding_is_matched_once():
    shown = findings_digest(check(DRAFT))
    final = [f for f in check(DRAFT) if f.code != "command_tone"]
    assert [d["code"] for d in overridden(shown, final)] == ["partial_denial"]
