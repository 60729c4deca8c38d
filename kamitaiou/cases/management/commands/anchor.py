"""Append the signed ledger head to an append-only file (``verify-records --anchor``)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kamitaiou.cases.anchor import write_anchor


class Command(BaseCommand):
    help = "Append the ledger head (seq, hash, time, HMAC) to an append-only anchor file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            default=None,
            help="the anchor file (default KAMITAIOU_ANCHOR_FILE); appended to, never rewritten",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["output"] or settings.KAMITAIOU_ANCHOR_FILE
        anchor = write_anchor(path)
        self.stdout.write(
            f"anchored ledger #{anchor.seq} {anchor.head[:16]}… at {anchor.at} → {path}"
        )
