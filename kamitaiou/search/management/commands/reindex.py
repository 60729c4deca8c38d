"""Rebuild the search index from the database (idempotent: run it as often as you like)."""

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from kamitaiou.search import backends, index


class Command(BaseCommand):
    help = "Rebuild the search index (case titles, interactions, customers) from the database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--progress", action="store_true", help="show a progress bar (on stderr)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = sum(index.counts().values())
        with tqdm(total=total, unit="件", desc="reindex", disable=not options["progress"]) as bar:
            done = index.rebuild(progress=bar.update)
        size = backends.index_size()
        size_text = f", {size / 1_000_000:.1f} MB" if size is not None else ""
        self.stdout.write(f"{done} documents indexed{size_text}.")
