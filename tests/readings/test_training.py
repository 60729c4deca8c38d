"""Retraining with the team's corrections: export, train + register, measure before/after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kamitaiou.analysis.reader.linear import LinearReader
from kamitaiou.cli import main
from kamitaiou.readings.actions import do_correct_reading
from kamitaiou.readings.models import ReaderModel
from kamitaiou.readings.training import held_out
from tests.conftest import make_case

WRITTEN = [
    ("w1", "ふざけんなよ、いつまで待たせるんだ", 2, ""),
    ("w2", "先日はありがとうございました", 0, ""),
    ("w3", "壊れていたのでお金を返してほしい", 1, "refund"),
    ("w4", "何回言わせるんだ、いい加減にしろ", 2, ""),
    ("w5", "次回の点検はいつ頃になりますか", 0, ""),
    ("w6", "代金を返却してください", 1, "refund"),
]


@pytest.fixture
def written(tmp_path: Path) -> Path:
    folder = tmp_path / "written"
    folder.mkdir()
    lines = ["id\ttext\tanger\tanxiety\tlabels\tregister"]
    lines += [f"{i}\t{t}\t{a}\t0\t{labels}\tchat" for i, t, a, labels in WRITTEN]
    (folder / "b01.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def models_dir(settings, tmp_path: Path) -> Path:
    settings.KAMITAIOU_MODELS_DIR = tmp_path / "models"
    return settings.KAMITAIOU_MODELS_DIR


@pytest.fixture
def corrected(operator_a):
    """Ten corrected messages (enough that some fall in the held-out fifth)."""
    texts = []
    for n in range(10):
        case = make_case(
            operator_a, first_message=f"{n}回目の連絡です。誠意を見せろ。", assignee=operator_a
        )
        message = case.interactions.get(direction="in")
        do_correct_reading(
            operator_a, message, anger=3, add_label="abuse", add_words="誠意を見せろ"
        )
        texts.append(message)
    return texts


def _fast(written: Path) -> list[str]:
    return ["--written", str(written), "--naist", "none", "--no-tune", "--quiet"]


def test_export_writes_the_latest_correction_of_each_message(corrected, operator_a, tmp_path):
    do_correct_reading(operator_a, corrected[0], anger=1)  # a later one of the first message
    out = tmp_path / "c.jsonl"
    call_command("export_corrections", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10
    first = next(r for r in records if r["interaction"] == corrected[0].pk)
    assert first == {
        "text": corrected[0].text,
        "anger": 1,
        "anxiety": None,
        "labels": first["labels"],
        "interaction": corrected[0].pk,
    }
    assert "abuse" in first["labels"]


def test_the_retrain_command_writes_a_model_named_by_its_hash_and_registers_it_inactive(
    corrected, written, models_dir, tmp_path, capsys
):
    copy = tmp_path / "copy.kmr"
    call_command("train_analyzer", "--with-corrections", "--output", str(copy), *_fast(written))
    row = ReaderModel.objects.get()
    assert not row.active
    assert row.file_name == f"reader-{row.sha256[:12]}.kmr"
    assert (models_dir / row.file_name).read_bytes() == copy.read_bytes()
    assert row.corrections == 10
    assert row.rows == 16  # six written + ten corrections
    assert row.figures["rows_by_group"] == {"b01": 6, "corrections": 10}
    assert LinearReader.load(copy).meta["rows_by_group"]["corrections"] == 10
    assert "registered: reader-" in capsys.readouterr().out
    # the same data trains the same bytes: found again, not registered twice
    call_command("train_analyzer", "--with-corrections", *_fast(written))
    assert ReaderModel.objects.count() == 1
    assert "already registered" in capsys.readouterr().out


# The console script runs the command as from a shell, and Django closes the connections
# when a command ends: only a transactional test keeps its rows across that.
@pytest.mark.django_db(transaction=True)
def test_the_console_script_routes_with_corrections_to_the_django_command(
    corrected, written, models_dir
):
    assert main(["train-analyzer", "--with-corrections", *_fast(written)]) == 0
    assert ReaderModel.objects.count() == 1


def test_a_missing_written_folder_is_a_clear_error(db, models_dir, tmp_path, capsys):
    with pytest.raises(CommandError, match="training failed"):
        call_command(
            "train_analyzer",
            "--with-corrections",
            *_fast(tmp_path / "nope"),
        )
    assert "no such folder" in capsys.readouterr().err
    assert not ReaderModel.objects.exists()


def test_the_held_out_fifth_is_deterministic_and_about_a_fifth():
    picks = [held_out(n) for n in range(1, 2001)]
    assert picks == [held_out(n) for n in range(1, 2001)]
    assert 300 < sum(picks) < 500


def test_analyze_eval_with_corrections_compares_the_model_in_force_with_a_retraining(
    corrected, written, capsys
):
    held = [m for m in corrected if held_out(m.pk)]
    assert held, "the fixture needs at least one held-out message"
    call_command("analyze_eval", "--corrections", "--json", *_fast(written))
    result = json.loads(capsys.readouterr().out)
    assert result["held_out"] == len(held)
    assert result["trained_on"] == 10 - len(held)
    for side in ("in_force", "retrained"):
        assert set(result[side]) >= {"anger_exact", "precision", "recall", "f1"}
        assert 0.0 <= result[side]["f1"] <= 1.0
    call_command("analyze_eval", "--corrections", *_fast(written))
    text = capsys.readouterr().out
    assert "anger exact agreement" in text
    assert "labels micro F1" in text


def test_analyze_eval_without_held_out_corrections_says_so(db, written):
    with pytest.raises(CommandError, match="held-out fifth"):
        call_command("analyze_eval", "--corrections", *_fast(written))
