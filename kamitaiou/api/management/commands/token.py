"""``kamitaiou token create USERNAME --name NAME [--scope read|write] [--days N]`` prints a
new API token (once: only its hash is kept); ``token list USERNAME``; ``token revoke ID``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kamitaiou.api.models import ApiToken, Scope
from kamitaiou.api.tokens import do_create_api_token, do_revoke_api_token


class Command(BaseCommand):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token and print it (shown once)")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        create.add_argument("--days", type=int, default=None, help="expires after N days")
        listing = sub.add_parser("list", help="a user's tokens (never the tokens themselves)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revoke":
            token = ApiToken.objects.select_related("user").filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError("no such token")
            do_revoke_api_token(token.user, token)
            self.stdout.write(f"revoked {token.pk} {token}")
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if action == "list":
            for token in user.api_tokens.all():
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.pk}\t{token}\t{token.scope}\t{state}")
            return
        days = options["days"]
        if days is not None and not 1 <= days <= 3650:
            raise CommandError("--days must be 1–3650")
        expires = timezone.now() + timedelta(days=days) if days else None
        new = do_create_api_token(
            user, user=user, name=options["name"], scope=options["scope"], expires_at=expires
        )
        self.stdout.write(new.raw)
