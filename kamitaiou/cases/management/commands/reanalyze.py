"""Re-read every inbound message with the current lexicons and reader model (after either
changes: a stored reading's version is ``lexicon+model``)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from tqdm import tqdm

from kamitaiou.cases.models import Case, Direction, Interaction
from kamitaiou.cases.reading import read_interaction, reading_version, recompute_case_reading

BATCH = 500


class Command(BaseCommand):
    help = "Re-analyse inbound interactions whose reading is missing or out of date."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="re-read even up-to-date ones")

    def handle(self, *args: Any, **options: Any) -> None:
        version = reading_version()
        qs = Interaction.objects.filter(direction=Direction.IN)
        if not options["all"]:
            qs = qs.filter(Q(analysis__isnull=True) | ~Q(analysis__lexicon_version=version))
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        cases: set[int] = set()
        with tqdm(total=len(ids), unit="件", desc="reanalyze", disable=None) as bar:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                with transaction.atomic():
                    for interaction in Interaction.objects.filter(pk__in=chunk):
                        read_interaction(interaction)
                        cases.add(interaction.case_id)
                bar.update(len(chunk))
        for case in Case.objects.filter(pk__in=cases).iterator(chunk_size=BATCH):
            with transaction.atomic():
                recompute_case_reading(case)
        self.stdout.write(
            f"Re-read {len(ids)} message(s) in {len(cases)} case(s) (reading {version})."
        )
