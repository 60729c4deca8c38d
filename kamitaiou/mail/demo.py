"""The demo's mailboxes: one per demo team (no IMAP server: mail comes by ``intake-mail``)."""

from __future__ import annotations

from collections.abc import Iterable

from kamitaiou.accounts.models import Team
from kamitaiou.mail.models import Mailbox

DEMO_MAILBOXES = {
    "東京コールセンター": ("support@example.jp", "お客様サポート"),
    "大阪営業部": ("sales@example.jp", "大阪営業部"),
}


def make_demo_mailboxes(teams: Iterable[Team]) -> list[Mailbox]:
    """Create the demo mailboxes of ``teams`` that do not exist yet (an admin's edits stay)."""
    made = []
    for team in teams:
        if team.name not in DEMO_MAILBOXES:
            continue
        address, name = DEMO_MAILBOXES[team.name]
        mailbox, _created = Mailbox.objects.get_or_create(
            address=address,
            defaults={"name": name, "team": team, "from_address": address, "from_name": name},
        )
        made.append(mailbox)
    return made
