"""The command line, end to end through ``python -m kamitaiou.analysis`` (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kamitaiou.analysis.cli import analyze_main

from .conftest import DEV_CASES

NOW = "2026-11-16T09:00:00+09:00"


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kamitaiou.analysis", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert proc.stdout == b""
    return err


def test_json_output_has_the_contract_keys_then_the_additive_ones():
    proc = cli(
        "analyze", "--json", "--now", "2026-11-20T10:00:00+09:00", "ちょっと!今週中に持ってきて!"
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    # ANALYZER.md's keys first and unchanged; v2 added anger_score and anger_evidence.
    assert list(data)[:5] == ["anger", "anxiety", "labels", "signals", "next_step"]
    assert list(data)[5:] == ["anger_score", "anger_evidence"]
    assert data["labels"] == ["deadline"]
    signal = data["signals"][0]
    assert list(signal) == ["label", "start", "end", "text", "detail"]
    assert signal["text"] == "今週中"
    assert signal["detail"] == {"due": "2026-11-22T23:59:59+09:00"}
    assert "今週中" in proc.stdout.decode("utf-8")  # ensure_ascii=False


def test_human_output_is_plain_japanese_friendly_text():
    proc = cli("analyze", "--now", NOW, "上司を出せ!今日中に返金しろ!")
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0
    assert "怒り anger:" in out
    assert "escalate_to_manager" in out
    assert "「今日中」" in out
    assert "期限 due: 2026-11-16(月) 23:59" in out
    assert "次の一手 next step: hand_to_supervisor" in out


def test_stdin():
    proc = cli("analyze", "--json", "--now", NOW, "-", stdin="弁護士に相談します".encode())
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["labels"] == ["legal_threat"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["analyze", "--json", "-"], b"", "empty"),
        (["analyze", "--json", "-"], b"   \n", "empty"),
        (["analyze", "--json", "-"], b"\xff\xfe\x00abc", "UTF-8"),
        (["analyze", "--json", "-"], ("あ" * 20_001).encode(), "too long"),
        (["analyze", "--json", ""], None, "empty"),
        (["analyze", "--json", "--now", "yesterday", "こんにちは"], None, "--now"),
        (["analyze", "--jsonl", "--column", "text", "/nonexistent/file.csv"], None, "cannot read"),
        (["analyze"], None, "give a text"),
        (["analyze-eval", "/nonexistent.tsv"], None, "cannot read"),
        (["analyze", "--bogus"], None, "unrecognized"),
    ],
)
def test_bad_input_gives_one_line_and_a_non_zero_status(args, stdin, message):
    proc = cli(*args, stdin=stdin)
    assert message in assert_one_line_error(proc)


def test_bad_now_exits_2():
    assert cli("analyze", "--now", "2026-13-99", "x").returncode == 2


def test_jsonl_over_csv(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text('id,text\n1,"返金して、今日中に"\n2,ありがとう\n', encoding="utf-8")
    proc = cli("analyze", "--jsonl", "--column", "text", "--now", NOW, str(path))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["labels"] for r in rows] == [["deadline", "refund"], []]
    assert "Traceback" not in proc.stderr.decode()


def test_jsonl_over_tsv_with_another_column(tmp_path):
    path = tmp_path / "notes.tsv"
    path.write_text("no\tbody\n1\t上司を呼べ\n2\t\n", encoding="utf-8")
    proc = cli("analyze", "--jsonl", "--column", "body", "--now", NOW, str(path))
    assert proc.returncode == 0
    lines = proc.stdout.decode().splitlines()
    assert json.loads(lines[0])["labels"] == ["escalate_to_manager"]
    assert json.loads(lines[1]) == {"line": 3, "error": "empty text"}


def test_jsonl_sniffs_the_delimiter_without_an_extension(tmp_path):
    path = tmp_path / "export"
    path.write_text("text\tx\n解約します\t1\n", encoding="utf-8")
    proc = cli("analyze", "--jsonl", "--now", NOW, str(path))
    assert json.loads(proc.stdout.decode().splitlines()[0])["labels"] == ["cancel"]


def test_jsonl_missing_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    err = assert_one_line_error(cli("analyze", "--jsonl", "--column", "text", str(path)))
    assert "column 'text' not found" in err


def test_jsonl_non_utf8_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("text\n返金して\n".encode("cp932"))
    assert "UTF-8" in assert_one_line_error(cli("analyze", "--jsonl", str(path)))


def test_analyze_eval_on_the_dev_cases():
    if not DEV_CASES.exists():
        pytest.skip("dev cases not available")
    proc = cli("analyze-eval", str(DEV_CASES), "--now", NOW, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["cases"] == 45
    assert report["micro"]["f1"] >= 0.95


def test_analyze_eval_on_a_tiny_file_lists_every_miss(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(
        "id\ttext\tanger\tanxiety_min\tmust\tmay\tdue_from\tdue_to\n"
        "A\t返金してください\t1\t0\trefund\t\t\t\n"
        "B\tありがとう\t0\t0\tcancel\t\t\t\n"
        "C\t明日までに\t0\t0\tdeadline\t\t2026-11-18T00:00:00+09:00\t2026-11-18T23:59:59+09:00\n",
        encoding="utf-8",
    )
    proc = cli("analyze-eval", str(path), "--now", NOW)
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert "missed cancel" in out
    assert "deadline in window: 0/1" in out
    assert "misses: 2" in out


def test_analyze_eval_rejects_a_file_without_the_columns(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert "missing column" in assert_one_line_error(cli("analyze-eval", str(path)))


def test_analyze_eval_rejects_an_unknown_label(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("id\ttext\tmust\n1\tこんにちは\tangry_customer\n", encoding="utf-8")
    assert "unknown label" in assert_one_line_error(cli("analyze-eval", str(path)))


def test_module_entry_point_without_a_command():
    proc = cli()
    assert proc.returncode == 2
    assert "usage" in proc.stderr.decode()


def test_analyze_main_is_callable_in_process(capsys):
    assert analyze_main(["--json", "--now", NOW, "裁判だ"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"] == ["legal_threat"]
