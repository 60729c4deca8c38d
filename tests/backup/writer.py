"""Writes cases and interactions until told to stop (the backup test's write load).

``python -m tests.backup.writer DIR``: opens a case with three interactions per round, one
transaction each, and after every round writes the rounds done to ``DIR/rounds``; stops
when ``DIR/stop`` exists."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(directory: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamitaiou.config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from kamitaiou.accounts.models import Team, User
    from kamitaiou.cases.actions import do_add_interaction, do_create_case
    from kamitaiou.cases.models import Customer

    team, _ = Team.objects.get_or_create(name="書き込みチーム")
    user = User.objects.filter(username="writer").first() or User.objects.create_user(
        username="writer", password="pw-writer-long", role="operator", display_name="writer"
    )
    user.teams.add(team)
    customer, _ = Customer.objects.get_or_create(name="負荷 太郎", team=team)
    rounds = 0
    while not (directory / "stop").exists():
        case = do_create_case(
            user, kind="complaint", title=f"負荷{rounds}", team=team, customer=customer, priority=2
        )
        for n in range(3):
            do_add_interaction(
                user,
                case,
                direction="out",
                channel="phone",
                text=f"ご連絡{rounds}-{n}",
                occurred_at=timezone.now(),
            )
        rounds += 1
        (directory / "rounds.tmp").write_text(str(rounds))
        (directory / "rounds.tmp").replace(directory / "rounds")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
