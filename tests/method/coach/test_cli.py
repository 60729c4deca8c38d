"""``kamitaiou coach`` — via a real subprocess, and in-process for the details."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kamitaiou.method.coach.cli import MAX_DRAFT_CHARS, coach_main

from .test_evaluation import EVAL

#: the coach's rules themselves; the learned checker has tests/method/coach/test_learned.py
pytestmark = pytest.mark.usefixtures("coach_rules_only")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kamitaiou.method.coach", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )


def test_json_output_has_findings_with_spans():
    draft = "いや、規約上できません。"
    result = run("--stage", "calming", "--json", draft)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["stage"], data["kind"]) == ("calming", "complaint")
    first = data["findings"][0]
    assert set(first) == {
        "code",
        "severity",
        "start",
        "end",
        "text",
        "reason",
        "suggestion",
        "replacement",
    }
    assert draft[first["start"] : first["end"]] == first["text"] == "いや、"


def test_list_stages_shows_every_kind_with_japanese_names():
    result = run("--list-stages")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "unreasonable_demand  無理難題" in out
    assert "calming" in out and "鎮静" in out and "紹介依頼" in out


def test_the_draft_can_come_from_stdin():
    result = run(
        "--kind",
        "unreasonable_demand",
        "--stage",
        "empathy",
        "-",
        stdin="契約の範囲外なので、対応できません。".encode(),
    )
    assert result.returncode == 0
    assert "premature_rule" in result.stdout.decode()


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--stage", "nowhere", "下書き"], None, "unknown stage"),
        (["--kind", "nope", "--stage", "calming", "下書き"], None, "unknown kind"),
        (["--stage", "empathy", "下書き"], None, "is not a stage of complaint"),
        (["--stage", "calming", "   "], None, "empty"),
        (["--stage", "calming", "-"], b"\xff\xfe\x00", "not UTF-8"),
        (["--stage", "calming", "あ" * (MAX_DRAFT_CHARS + 1)], None, "longer than"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(args, stdin, message):
    result = run(*args, stdin=stdin)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert err.count("\n") == 1 and err.startswith("coach: error:")
    assert message in err and "Traceback" not in err


def test_human_output_quotes_the_span_reason_and_suggestion(capsys):
    assert coach_main(["--stage", "calming", "写真を撮ってください。番号も確認してください。"]) == 0
    out = capsys.readouterr().out
    assert "クレーム / 鎮静" in out and "「写真を撮ってください」" in out
    assert "理由: §6" in out and "提案:" in out and "置換:" in out


def test_a_clean_draft_says_so(capsys):
    assert coach_main(["--stage", "calming", "誠に申し訳ございません。"]) == 0
    assert "指摘はありません" in capsys.readouterr().out


def test_anger_turns_on_the_tone_rules(capsys):
    args = ["--stage", "executing", "--json", "当社規定により対応できません。"]
    assert coach_main(args) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert coach_main([*args, "--anger", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["code"] == "cold_formality"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stage", "calming"], "no draft"),
        (["下書き"], "--stage is required"),
        (["--anger", "9", "--stage", "calming", "x"], "--anger"),
        (["--eval", "/nonexistent/file.tsv"], "file.tsv"),
    ],
)
def test_more_bad_input(capsys, args, message):
    assert coach_main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_broken_extra_phrase_dir_is_an_error(tmp_path: Path, capsys):
    (tmp_path / "bad.toml").write_text("[[x]]\npattern = '('\n", encoding="utf-8")
    assert coach_main(["--extra-dir", str(tmp_path), "--stage", "calming", "x"]) == 2
    assert "phrase list" in capsys.readouterr().err


def test_eval_prints_precision_and_recall(capsys):
    assert coach_main(["--eval", str(EVAL)]) == 0
    out = capsys.readouterr().out
    assert "OVERALL" in out and "partial_denial" in out


def test_list_stages_as_json(capsys):
    assert coach_main(["--list-stages", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["after_follow"][0] == {"stage": "schedule_confirmation", "label": "日程確認"}


def test_help_exits_zero(capsys):
    assert coach_main(["--help"]) == 0
    assert "--stage" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stage", "nowhere", "x"], "unknown stage"),
        (["--kind", "nope", "--stage", "calming", "x"], "unknown kind"),
        (["--stage", "empathy", "x"], "not a stage of complaint"),
        (["--stage", "calming", "あ" * (MAX_DRAFT_CHARS + 1)], "longer than"),
    ],
)
def test_bad_input_in_process(capsys, args, message):
    assert coach_main(args) == 2
    assert message in capsys.readouterr().err


class _Stdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)


def test_stdin_in_process(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _Stdin("\ufeffいや、違います。".encode()))
    assert coach_main(["--stage", "calming", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["text"] == "いや、"
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\xff"))
    assert coach_main(["--stage", "calming", "-"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_the_module_runs_as_a_script(monkeypatch, capsys):
    import runpy

    monkeypatch.setattr(sys, "argv", ["coach", "--list-stages"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("kamitaiou.method.coach", run_name="__main__")
    assert exit_.value.code == 0
    assert "complaint" in capsys.readouterr().out
