"""Model files of this deployment — the analyzer's reader and the coach's checker: register a
trained file, activate one, roll back. One code path for both kinds (:class:`ModelKind`).

Files live in ``settings.KAMITAIOU_MODELS_DIR`` named by their sha256 prefix
(``reader-<12 hex>.kmr``, ``coach-<12 hex>.kmr``). Activating copies the file atomically (a
temporary file in the same folder, fsync, ``os.replace``) to the kind's active file —
``active.kmr`` for the reader, ``coach-active.kmr`` for the coach — which every process
watches (:mod:`kamitaiou.analysis.reader.watch`, re-checked every 30 s); going back to the
shipped model removes it. Each is an admin's action, recorded as an activation row (who,
when, from → to). For the reader, ``kamitaiou reanalyze`` then refreshes the stored readings.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kamitaiou.accounts.models import Role
from kamitaiou.analysis.reader.active import reset_reader
from kamitaiou.analysis.reader.linear import LEVEL_OUTPUTS, LinearReader, ModelFileError
from kamitaiou.cases.actions import ActionError
from kamitaiou.method.coach.learned import reset_coach_model
from kamitaiou.method.coach.model import FindingCode
from kamitaiou.readings.models import (
    CoachActivation,
    CoachModel,
    ModelActivation,
    ReaderActivation,
    ReaderModel,
    TrainedModel,
)


def _reader_file(data: bytes) -> LinearReader:
    model = LinearReader.from_bytes(data)
    if model.meta.get("coach") or not set(LEVEL_OUTPUTS) <= set(model.outputs):
        msg = "not a reader model (no anger/anxiety outputs: a coach checker?)"
        raise ModelFileError(msg)
    return model


def _coach_file(data: bytes) -> LinearReader:
    model = LinearReader.from_bytes(data)
    unknown = set(model.outputs) - {str(code) for code in FindingCode}
    if model.meta.get("coach") is not True or not model.outputs or unknown:
        msg = "not a coach checker (its outputs are not finding codes: a reader model?)"
        raise ModelFileError(msg)
    return model


def _reader_rows(model: LinearReader) -> int:
    return sum(int(n) for n in model.meta.get("rows_by_group", {}).values())


def _reader_figures(model: LinearReader) -> dict[str, Any]:
    return {"rows_by_group": model.meta.get("rows_by_group", {})}


def _coach_rows(model: LinearReader) -> int:
    return int(model.meta.get("rows", 0))


def _no_figures(model: LinearReader) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ModelKind:
    """What differs between the kinds of model file; everything else is shared."""

    name: str  # the file prefix: reader-<sha>.kmr
    row: type[TrainedModel]
    activation: type[ModelActivation]
    active_name: str  # the file every process watches, in the models folder
    used_field: str  # the row's count of the team's teaching it learned from
    title_ja: str  # for messages
    read: Callable[[bytes], LinearReader]  # ModelFileError unless a model of this kind
    rows: Callable[[LinearReader], int]
    figures: Callable[[LinearReader], dict[str, Any]]
    forget: Callable[[], None]  # this process resolves its model again


READER = ModelKind(
    name="reader",
    row=ReaderModel,
    activation=ReaderActivation,
    active_name="active.kmr",
    used_field="corrections",
    title_ja="読み取りモデル",
    read=_reader_file,
    rows=_reader_rows,
    figures=_reader_figures,
    forget=reset_reader,
)
COACH = ModelKind(
    name="coach",
    row=CoachModel,
    activation=CoachActivation,
    active_name="coach-active.kmr",
    used_field="overrides",
    title_ja="コーチのモデル",
    read=_coach_file,
    rows=_coach_rows,
    figures=_no_figures,
    forget=reset_coach_model,
)
KINDS = (READER, COACH)


def kind_of(row: TrainedModel) -> ModelKind:
    """The kind a model row belongs to."""
    for kind in KINDS:
        if isinstance(row, kind.row):
            return kind
    msg = f"not a model row: {type(row).__name__}"
    raise TypeError(msg)


def models_dir() -> Path:
    return Path(settings.KAMITAIOU_MODELS_DIR)


def active_path(kind: ModelKind) -> Path:
    """The file of ``kind`` every process watches (settings point the environment at it)."""
    return models_dir() / kind.active_name


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
    trained: Path, *, kind: ModelKind, created_by: str, used: int, figures: dict[str, Any]
) -> tuple[Any, bool]:
    """Store a trained file under its hash and add an inactive row (or find the same one).

    Raises :class:`ModelFileError` (nothing stored) when the file is not a model of ``kind``."""
    data = trained.read_bytes()
    model = kind.read(data)
    sha = hashlib.sha256(data).hexdigest()
    name = f"{kind.name}-{sha[:12]}.kmr"
    dest = models_dir() / name
    if not dest.is_file() or hashlib.sha256(dest.read_bytes()).hexdigest() != sha:
        _write_atomically(dest, data)
    return kind.row.objects.get_or_create(
        sha256=sha,
        defaults={
            "file_name": name,
            "created_by": created_by[:150],
            "rows": kind.rows(model),
            kind.used_field: used,
            "figures": {**kind.figures(model), **figures},
        },
    )


def _check_admin(actor: Any, kind: ModelKind) -> None:
    if getattr(actor, "role", None) != Role.ADMIN:
        raise ActionError(f"{kind.title_ja}を切り替えられるのは管理者だけです。")


@transaction.atomic
def do_activate_model(actor: Any, model: TrainedModel) -> Any:
    """Make ``model`` the one of its kind in force (one active at a time); every process
    follows within the re-check period. A file that changed since it was registered, or is
    not a model of its kind, is refused and nothing changes."""
    kind = kind_of(model)
    _check_admin(actor, kind)
    rows = kind.row.objects
    row = rows.select_for_update().get(pk=model.pk)
    try:
        data = (models_dir() / row.file_name).read_bytes()
    except OSError as exc:
        raise ActionError(f"モデルのファイル {row.file_name} が読めません（{exc}）。") from exc
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise ActionError(f"モデルのファイル {row.file_name} が登録時と違います。")
    try:
        kind.read(data)
    except ModelFileError as exc:
        raise ActionError(f"{row.file_name} は使えません: {exc}") from exc
    previous = rows.select_for_update().filter(active=True).first()
    rows.filter(active=True).exclude(pk=row.pk).update(active=False)
    row.active, row.activated_at, row.activated_by = True, timezone.now(), actor
    row.save(update_fields=["active", "activated_at", "activated_by"])
    kind.activation.objects.create(model=row, previous=previous, actor=actor)
    _write_atomically(active_path(kind), data)  # last: a failure here rolls the rows back
    transaction.on_commit(kind.forget)
    return row


@transaction.atomic
def do_restore_shipped_model(actor: Any, *, kind: ModelKind) -> None:
    """Go back to the model of ``kind`` shipped with the package (remove its active file)."""
    _check_admin(actor, kind)
    rows = kind.row.objects
    previous = rows.select_for_update().filter(active=True).first()
    rows.filter(active=True).update(active=False)
    kind.activation.objects.create(model=None, previous=previous, actor=actor)
    active_path(kind).unlink(missing_ok=True)
    transaction.on_commit(kind.forget)
