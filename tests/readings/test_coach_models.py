"""A retrained coach checker is a file an admin activates in the admin and can roll back;
every process follows the activated file within the re-check period."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError
from kamitaiou.cases.actions import ActionError
from kamitaiou.method.coach import learned
from kamitaiou.method.coach.learned import LEARNED_CODES
from kamitaiou.readings.model_files import (
    COACH,
    READER,
    do_activate_model,
    do_restore_shipped_model,
    register_model_file,
)
from kamitaiou.readings.models import CoachActivation, CoachModel, ReaderModel
from tests.conftest import make_user

CHANGELIST = "admin:readings_coachmodel_changelist"


def _checker(seed: int) -> LinearReader:
    rng = np.random.default_rng(seed)
    k = len(LEARNED_CODES)
    weights = rng.normal(size=(16, k)).astype("<f2")
    meta = {"coach": True, "rows": 10 + seed}
    return LinearReader(LEARNED_CODES, weights, np.zeros(k, np.float32), {}, meta)


def _file(tmp_path: Path, seed: int) -> Path:
    path = tmp_path / f"trained-{seed}.kmr"
    _checker(seed).save(path)
    return path


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def models_dir(settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own models folder, watched by this process as the settings set it up, with
    a shipped checker of its own and a clock the test moves."""
    folder = tmp_path / "models"
    settings.KAMITAIOU_MODELS_DIR = folder
    shipped = tmp_path / "shipped-coach.kmr"
    _checker(99).save(shipped)
    monkeypatch.setattr(learned, "SHIPPED", shipped)
    monkeypatch.setattr(learned, "_clock", Clock())
    monkeypatch.delenv(learned.ENV, raising=False)
    monkeypatch.setenv(learned.ACTIVE_FILE_ENV, str(folder / "coach-active.kmr"))
    learned.reset_coach_model()
    yield folder
    learned.reset_coach_model()


def _register(tmp_path: Path, seed: int, **figures) -> CoachModel:
    row, _ = register_model_file(
        _file(tmp_path, seed), kind=COACH, created_by="t", used=3, figures=figures
    )
    return row


@pytest.fixture
def two_models(db, models_dir, tmp_path):
    return _register(tmp_path, 1), _register(tmp_path, 2)


def _run(client, action: str, *rows: CoachModel):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(r.pk) for r in rows], "index": "0"}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_registering_stores_the_file_under_its_hash_with_an_inactive_row(db, models_dir, tmp_path):
    trained = _file(tmp_path, 1)
    row, created = register_model_file(
        trained, kind=COACH, created_by="sato", used=4, figures={"held_out": 2}
    )
    assert created
    assert row.file_name == f"coach-{_version(trained)}.kmr"
    assert (models_dir / row.file_name).read_bytes() == trained.read_bytes()
    assert (row.rows, row.overrides, row.figures, row.active) == (11, 4, {"held_out": 2}, False)
    again, created = register_model_file(trained, kind=COACH, created_by="x", used=4, figures={})
    assert (again, created) == (row, False)
    assert not ReaderModel.objects.exists()


def test_the_admin_lists_kind_figures_and_active_with_both_actions(
    client, admin_user, db, models_dir, tmp_path
):
    row = _register(tmp_path, 1, held_out=5, rules=[2, 5], in_force=[3, 5], after=[4, 5])
    client.force_login(admin_user)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert row.file_name in page
    assert "コーチ" in page
    assert "評価用 5 件: ルールのみ 2/5 (40%)、使用中 3/5 (60%) → 再学習 4/5 (80%)" in page
    assert "有効にする" in page
    assert "出荷時のモデルに戻す" in page


def test_an_admin_activates_a_coach_model_and_this_process_uses_it(
    client, admin_user, two_models, models_dir
):
    a, _b = two_models
    client.force_login(admin_user)
    response = _run(client, "activate", a)
    assert "コーチのモデルにしました" in response.content.decode()
    a.refresh_from_db()
    assert a.active and a.activated_by == admin_user and a.activated_at is not None
    active_file = models_dir / "coach-active.kmr"
    assert hashlib.sha256(active_file.read_bytes()).hexdigest() == a.sha256
    assert learned.coach_model_version() == a.short_sha
    record = CoachActivation.objects.get()
    assert (record.previous, record.model, record.actor) == (None, a, admin_user)
    assert not (models_dir / "active.kmr").exists()  # the reader's file is not touched


def test_another_process_follows_an_activation_and_a_rollback_after_the_recheck(
    admin_user, two_models, models_dir
):
    a, _b = two_models
    shipped = learned.coach_model_version()  # this "process" resolved its checker already
    do_activate_model(admin_user, a)  # in another process: no on_commit reset reaches us
    learned._clock.now += learned.RECHECK_SECONDS - 1
    assert learned.coach_model_version() == shipped
    learned._clock.now += 1
    assert learned.coach_model_version() == a.short_sha
    do_restore_shipped_model(admin_user, kind=COACH)
    learned._clock.now += learned.RECHECK_SECONDS
    assert learned.coach_model_version() == shipped


def test_activating_another_is_a_rollback_recorded_from_and_to(
    client, admin_user, two_models, models_dir
):
    a, b = two_models
    client.force_login(admin_user)
    _run(client, "activate", b)
    _run(client, "activate", a)
    assert list(CoachModel.objects.filter(active=True)) == [a]
    assert learned.coach_model_version() == a.short_sha
    history = [(x.previous, x.model) for x in CoachActivation.objects.order_by("pk")]
    assert history == [(None, b), (b, a)]


def test_going_back_to_the_shipped_checker_removes_the_active_file(
    client, admin_user, two_models, models_dir
):
    a, _b = two_models
    client.force_login(admin_user)
    _run(client, "activate", a)
    response = _run(client, "restore_shipped")  # no row needs choosing for this one
    assert "コーチを出荷時のモデルに戻しました" in response.content.decode()
    assert not (models_dir / "coach-active.kmr").exists()
    assert not CoachModel.objects.filter(active=True).exists()
    assert learned.coach_model_version() == _version(learned.SHIPPED)
    last = CoachActivation.objects.order_by("-pk").first()
    assert (last.previous, last.model) == (a, None)


def test_the_reader_and_the_coach_switch_independently(admin_user, two_models, models_dir):
    reader = ReaderModel.objects.create(sha256="0" * 64, file_name="reader-x.kmr", active=True)
    do_activate_model(admin_user, two_models[0])
    do_restore_shipped_model(admin_user, kind=COACH)
    reader.refresh_from_db()
    assert reader.active
    assert COACH.activation.objects.count() == 2
    assert not READER.activation.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "operator"])
def test_only_an_admin_switches_coach_models(role, client, two_models, models_dir, team_a):
    person = make_user(f"{role}_x", role, team_a)
    with pytest.raises(ActionError, match="管理者だけ"):
        do_activate_model(person, two_models[0])
    with pytest.raises(ActionError, match="管理者だけ"):
        do_restore_shipped_model(person, kind=COACH)
    client.force_login(person)
    assert client.get(reverse(CHANGELIST)).status_code == 302  # to the admin login
    response = client.post(
        reverse(CHANGELIST),
        {"action": "activate", ACTION_CHECKBOX_NAME: [str(two_models[0].pk)], "index": "0"},
    )
    assert response.status_code == 302
    assert not CoachModel.objects.filter(active=True).exists()
    assert not CoachActivation.objects.exists()
    assert not (models_dir / "coach-active.kmr").exists()


def test_a_superuser_without_the_admin_role_gets_no_switching_action(client, two_models):
    person = make_user("root_x", "supervisor")
    person.is_superuser = True
    person.save()
    client.force_login(person)
    page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert "有効にする" not in page.content.decode()
    response = _run(client, "activate", two_models[0])
    assert not CoachModel.objects.filter(active=True).exists()
    assert response.status_code == 200


def test_a_damaged_file_is_refused_at_registration_and_nothing_is_stored(db, models_dir, tmp_path):
    damaged = tmp_path / "damaged.kmr"
    damaged.write_bytes(_checker(1).to_bytes()[:-40])
    with pytest.raises(ModelFileError, match="damaged"):
        register_model_file(damaged, kind=COACH, created_by="t", used=0, figures={})
    assert not CoachModel.objects.exists()
    assert not models_dir.exists() or not any(models_dir.iterdir())


def test_a_reader_model_is_not_registered_as_a_coach_checker(db, models_dir, tmp_path):
    from tests.readings.test_activation import _trained

    with pytest.raises(ModelFileError, match="not a coach checker"):
        register_model_file(_trained(tmp_path, 1), kind=COACH, created_by="t", used=0, figures={})
    with pytest.raises(ModelFileError, match="not a reader model"):
        register_model_file(_file(tmp_path, 1), kind=READER, created_by="t", used=0, figures={})
    assert not CoachModel.objects.exists()
    assert not ReaderModel.objects.exists()


def test_a_file_changed_since_registration_is_refused_with_a_clear_message(
    client, admin_user, two_models, models_dir
):
    a, b = two_models
    client.force_login(admin_user)
    _run(client, "activate", b)
    (models_dir / a.file_name).write_bytes(b"KMR1 tampered")
    response = _run(client, "activate", a)
    assert f"モデルのファイル {a.file_name} が登録時と違います" in response.content.decode()
    assert list(CoachModel.objects.filter(active=True)) == [b]  # nothing changed
    assert CoachActivation.objects.count() == 1
    assert _version(models_dir / "coach-active.kmr") == b.short_sha


def test_a_missing_file_is_refused_with_a_clear_message(admin_user, two_models, models_dir):
    a, _b = two_models
    (models_dir / a.file_name).unlink()
    with pytest.raises(ActionError, match="読めません"):
        do_activate_model(admin_user, a)
    assert not CoachModel.objects.filter(active=True).exists()
    assert not CoachActivation.objects.exists()
    assert not (models_dir / "coach-active.kmr").exists()


DRAFTS = [
    ("d1", "complaint", "calming", "3", "いや、そうではございません。", "partial_denial"),
    ("d2", "complaint", "calming", "3", "ご不便をおかけし、誠に申し訳ございません。", ""),
    ("d3", "complaint", "calming", "2", "でも、仕方がないことです。", "partial_denial,excuse"),
    ("d4", "complaint", "calming", "2", "お気持ちはよくわかります。", ""),
]


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    lines = ["id\tkind\tstage\tanger\tdraft\tcodes"] + ["\t".join(row) for row in DRAFTS]
    (folder / "b01.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_train_coach_with_overrides_registers_its_file_with_its_figures(
    db, models_dir, drafts, tmp_path, capsys
):
    out = tmp_path / "copy.kmr"
    call_command(
        "train_coach", "--with-overrides", "--drafts", str(drafts), "--by", "sato", "--output",
        str(out),
    )  # fmt: skip
    printed = capsys.readouterr().out
    row = CoachModel.objects.get()
    assert "judged replies: 0 (training 0, held out 0)" in printed
    assert "before (rules) on held-out verdicts: 0/0" in printed
    assert "before (checker in force, " in printed
    assert "after (retrained checker) on held-out verdicts: 0/0" in printed
    assert f"registered: {row.file_name}" in printed
    assert "inactive until an admin activates it" in printed
    assert row.file_name.startswith("coach-") and not row.active
    assert (row.created_by, row.rows, row.overrides) == ("sato", 4, 0)
    assert row.figures["held_out"] == 0 and row.figures["after"] == [0, 0]
    assert _version(out) == row.short_sha
    assert (models_dir / row.file_name).is_file()
    call_command("train_coach", "--with-overrides", "--drafts", str(drafts))
    assert "already registered" in capsys.readouterr().out  # the same data, the same bytes
