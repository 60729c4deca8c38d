"""An admin activates a retrained model in the admin, or goes back to the shipped one; every
process follows the active file, and ``reanalyze`` refreshes the stored readings."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from kamitaiou.analysis.reader import active
from kamitaiou.analysis.reader.build import build_reader
from kamitaiou.analysis.reader.data import Row
from kamitaiou.analysis.reader.train import TrainConfig
from kamitaiou.cases.actions import ActionError
from kamitaiou.cases.models import InteractionAnalysis
from kamitaiou.cases.reading import reading_version
from kamitaiou.readings.model_files import (
    READER,
    do_activate_model,
    do_restore_shipped_model,
    register_model_file,
)
from kamitaiou.readings.models import ReaderActivation, ReaderModel
from tests.conftest import make_case

CHANGELIST = "admin:readings_readermodel_changelist"
REGISTER = {"kind": READER, "created_by": "t", "used": 0, "figures": {}}


def _trained(tmp_path: Path, seed: int) -> Path:
    rows = [
        Row("ふざけんなよ", 2, None, 0, frozenset(), "t", "g0"),
        Row("ありがとうございました", 0, None, 0, frozenset(), "t", "g1"),
    ]
    model = build_reader(rows, config=TrainConfig(dim=1 << 10, epochs=2, seed=seed), tune=False)
    path = tmp_path / f"trained-{seed}.kmr"
    model.save(path)
    return path


@pytest.fixture
def models_dir(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own models folder, watched by this process as settings would set it up."""
    folder = tmp_path / "models"
    settings.KAMITAIOU_MODELS_DIR = folder
    monkeypatch.delenv(active.ENV, raising=False)
    monkeypatch.setenv(active.ACTIVE_FILE_ENV, str(folder / "active.kmr"))
    active.reset_reader()
    yield folder
    active.reset_reader()


@pytest.fixture
def two_models(db, models_dir, tmp_path):
    a, _ = register_model_file(_trained(tmp_path, 1), **REGISTER)
    b, _ = register_model_file(_trained(tmp_path, 2), **REGISTER)
    return a, b


def _run(client, action: str, *rows: ReaderModel):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(r.pk) for r in rows], "index": "0"}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_the_admin_lists_the_models_with_both_actions(client, admin_user, two_models):
    client.force_login(admin_user)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert two_models[0].file_name in page
    assert "有効にする" in page
    assert "出荷時のモデルに戻す" in page


def test_an_admin_activates_a_model_and_this_process_uses_it(
    client, admin_user, two_models, models_dir
):
    a, _b = two_models
    client.force_login(admin_user)
    response = _run(client, "activate", a)
    assert response.status_code == 200
    assert "reanalyze" in response.content.decode()
    a.refresh_from_db()
    assert a.active and a.activated_by == admin_user and a.activated_at is not None
    active_file = models_dir / "active.kmr"
    assert hashlib.sha256(active_file.read_bytes()).hexdigest() == a.sha256
    assert active.reader_version() == a.sha256[:12]
    assert ReaderActivation.objects.get().model == a


def test_activating_another_model_is_a_rollback_with_one_active_at_a_time(
    client, admin_user, two_models, models_dir
):
    a, b = two_models
    client.force_login(admin_user)
    _run(client, "activate", b)
    _run(client, "activate", a)
    assert list(ReaderModel.objects.filter(active=True)) == [a]
    assert active.reader_version() == a.sha256[:12]
    assert [x.model for x in ReaderActivation.objects.order_by("pk")] == [b, a]


def test_going_back_to_the_shipped_model_removes_the_active_file(
    client, admin_user, two_models, models_dir, monkeypatch
):
    a, _b = two_models
    monkeypatch.setattr(active, "SHIPPED", models_dir / "no-shipped-model.kmr")
    client.force_login(admin_user)
    _run(client, "activate", a)
    response = _run(client, "restore_shipped")  # no row needs choosing for this one
    assert "出荷時のモデルに戻しました" in response.content.decode()
    assert not (models_dir / "active.kmr").exists()
    assert not ReaderModel.objects.filter(active=True).exists()
    assert active.reader_version() == "rules"
    assert ReaderActivation.objects.order_by("-pk").first().model is None


def test_activating_two_at_once_is_refused(client, admin_user, two_models, models_dir):
    client.force_login(admin_user)
    response = _run(client, "activate", *two_models)
    assert "1つだけ" in response.content.decode()
    assert not ReaderModel.objects.filter(active=True).exists()
    assert not (models_dir / "active.kmr").exists()


def test_a_model_whose_file_changed_is_not_activated(admin_user, two_models, models_dir):
    a, _b = two_models
    (models_dir / a.file_name).write_bytes(b"KMR1 tampered")
    with pytest.raises(ActionError, match="登録時と違います"):
        do_activate_model(admin_user, a)
    a.refresh_from_db()
    assert not a.active
    assert not (models_dir / "active.kmr").exists()


def test_only_an_admin_switches_models(supervisor_a, two_models, client):
    with pytest.raises(ActionError):
        do_activate_model(supervisor_a, two_models[0])
    with pytest.raises(ActionError):
        do_restore_shipped_model(supervisor_a, kind=READER)
    client.force_login(supervisor_a)
    assert client.get(reverse(CHANGELIST)).status_code == 302  # to the admin login


def test_the_reading_version_names_the_model_and_reanalyze_refreshes_after_activation(
    operator_a, admin_user, two_models, models_dir, capsys, django_capture_on_commit_callbacks
):
    a, _b = two_models
    case = make_case(operator_a, first_message="いい加減にしてください。")
    stored = InteractionAnalysis.objects.get(interaction__case=case)
    assert stored.lexicon_version == reading_version()
    assert (
        len(reading_version()) <= InteractionAnalysis._meta.get_field("lexicon_version").max_length
    )
    call_command("reanalyze")
    assert "Re-read 0 message" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        do_activate_model(admin_user, a)  # this process forgets its choice on commit
    assert reading_version().endswith("+" + a.sha256[:12])
    call_command("reanalyze")
    assert "Re-read 1 message" in capsys.readouterr().out
    stored.refresh_from_db()
    assert stored.lexicon_version.endswith(a.sha256[:12])
