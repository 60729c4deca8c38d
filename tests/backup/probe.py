"""Prints the row counts and a row-level digest of a database (the backup test's eyes).

``python -m tests.backup.probe [MAX_CASE_ID]``: JSON ``{"counts": …, "digest": …}`` over
customers, cases, interactions and events — with ``MAX_CASE_ID``, only the rows of cases up
to that id (the part of a database still being written to that a backup must hold)."""

from __future__ import annotations

import hashlib
import json
import os
import sys


def main(max_case: int | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamitaiou.config.settings")
    import django

    django.setup()
    from kamitaiou.cases.models import Case, CaseEvent, Customer, Interaction

    def upto(qs, field):
        return qs if max_case is None else qs.filter(**{f"{field}__lte": max_case})

    tables = {
        "customers": (Customer.objects.all(), None, ["id", "name", "team_id"]),
        "cases": (Case.objects.all(), "id", ["id", "title", "record_seq", "record_head"]),
        "interactions": (
            Interaction.objects.all(),
            "case_id",
            ["id", "case_id", "direction", "channel", "text", "occurred_at"],
        ),
        "events": (
            CaseEvent.objects.all(),
            "case_id",
            ["id", "case_id", "seq", "kind", "data", "prev_hash", "hash"],
        ),
    }
    counts, digest = {}, hashlib.sha256()
    for name, (everything, field, columns) in tables.items():
        qs = upto(everything, field) if field else everything
        rows = list(qs.order_by("id").values_list(*columns))
        counts[name] = len(rows)
        for row in rows:
            digest.update(json.dumps([name, *row], default=str, sort_keys=True).encode())
    top = Case.objects.order_by("-id").values_list("id", flat=True).first()
    print(json.dumps({"counts": counts, "digest": digest.hexdigest(), "max_case": top}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
