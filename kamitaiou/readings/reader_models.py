"""Reader model files of this deployment: register a trained file, activate one, roll back.

Files live in ``settings.KAMITAIOU_MODELS_DIR`` named by their sha256 prefix
(``reader-<12 hex>.kmr``). Activating copies the file atomically (a temporary file in the
same folder, fsync, ``os.replace``) to ``active.kmr``, which every process watches
(:mod:`kamitaiou.analysis.reader.active`, re-checked every 30 s); going back to the shipped
model removes ``active.kmr``. Each is an admin's action, recorded as a
:class:`ReaderActivation` row. Then ``kamitaiou reanalyze`` refreshes the stored readings.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamitaiou.accounts.models import Role
from kamitaiou.analysis.reader.active import reset_reader
from kamitaiou.analysis.reader.linear import LinearReader, ModelFileError
from kamitaiou.cases.actions import ActionError
from kamitaiou.readings.models import ReaderActivation, ReaderModel

ACTIVE_NAME = "active.kmr"


def models_dir() -> Path:
    return Path(settings.KAMITAIOU_MODELS_DIR)


def active_path() -> Path:
    return models_dir() / ACTIVE_NAME


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def register_model_file(
    trained: Path, *, created_by: str, corrections: int, figures: dict[str, Any]
) -> tuple[ReaderModel, bool]:
    """Store a trained file under its hash and add an inactive row (or find the same one)."""
    data = trained.read_bytes()
    model = LinearReader.from_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    name = f"reader-{sha[:12]}.kmr"
    dest = models_dir() / name
    if not dest.is_file() or hashlib.sha256(dest.read_bytes()).hexdigest() != sha:
        _write_atomically(dest, data)
    by_group = model.meta.get("rows_by_group", {})
    return ReaderModel.objects.get_or_create(
        sha256=sha,
        defaults={
            "file_name": name,
            "created_by": created_by[:150],
            "rows": sum(int(n) for n in by_group.values()),
            "corrections": corrections,
            "figures": {"rows_by_group": by_group, **figures},
        },
    )


def _check_admin(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.ADMIN:
        raise ActionError("読み取りモデルを切り替えられるのは管理者だけです。")


@transaction.atomic
def do_activate_reader_model(actor: Any, model: ReaderModel) -> ReaderModel:
    """Make ``model`` the one in force (one active at a time); every process follows."""
    _check_admin(actor)
    row = ReaderModel.objects.select_for_update().get(pk=model.pk)
    try:
        data = (models_dir() / row.file_name).read_bytes()
    except OSError as exc:
        raise ActionError(f"モデルのファイル {row.file_name} が読めません（{exc}）。") from exc
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ActionError(f"モデルのファイル {row.file_name} が登録時と違います。")
    try:
        LinearReader.from_bytes(data)
    except ModelFileError as exc:
        raise ActionError(f"{row.file_name}: {exc}") from exc
    ReaderModel.objects.filter(active=True).exclude(pk=row.pk).update(active=False)
    row.active, row.activated_at, row.activated_by = True, timezone.now(), actor
    row.save(update_fields=["active", "activated_at", "activated_by"])
    ReaderActivation.objects.create(model=row, actor=actor)
    _write_atomically(active_path(), data)  # last: a failure here rolls the rows back
    transaction.on_commit(reset_reader)
    return row


@transaction.atomic
def do_restore_shipped_reader_model(actor: Any) -> None:
    """Go back to the model shipped with the package (remove ``active.kmr``)."""
    _check_admin(actor)
    list(ReaderModel.objects.select_for_update().filter(active=True))
    ReaderModel.objects.filter(active=True).update(active=False)
    ReaderActivation.objects.create(model=None, actor=actor)
    active_path().unlink(missing_ok=True)
    transaction.on_commit(reset_reader)
