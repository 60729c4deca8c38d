"""Load realistic demo data: teams, people of every role, customers, contracts, cases."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kamitaiou.accounts.models import Organisation, Team, User
from kamitaiou.accounts.twofactor import base32_key, enrol_demo_device, requires_two_factor
from kamitaiou.cases import demo_data as d
from kamitaiou.cases.actions import do_add_interaction, do_create_case
from kamitaiou.cases.demo_walk import WALKS, story_clock, walk
from kamitaiou.cases.models import Contract, Customer, Priority

CUSTOMERS = 40
CASES = 150


class Command(BaseCommand):
    help = "Load demo data (only into an empty database unless --force)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="load even if data exists")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username="operator").exists() and not options["force"]:
            self.make_organisation()  # a demo loaded before the setting existed gets it too
            self.enrol_two_factor()
            teams = list(Team.objects.filter(name__in=d.TEAMS))
            d.demo_loaded.send(sender=self.__class__, teams=teams)
            self.stdout.write("Demo data is already loaded.")
            self.print_logins()
            return
        rng = random.Random(options["seed"])  # noqa: S311 — demo data, not secrets
        with transaction.atomic():
            self.make_organisation()
            teams = [Team.objects.get_or_create(name=name)[0] for name in d.TEAMS]
            users = self.make_users(teams)
            self.enrol_two_factor()
            d.demo_loaded.send(sender=self.__class__, teams=teams)
            customers = self.make_customers(rng, teams)
        self.make_cases(rng, customers, users)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {len(customers)} customers and {CASES} cases.")
        )
        self.print_logins()

    def make_organisation(self) -> None:
        """Who signs the drafts; an admin's own setting is left as it is."""
        if not Organisation.objects.exists():
            Organisation(**d.ORGANISATION).save()

    def make_users(self, teams: list[Team]) -> dict[str, User]:
        users = {}
        for username, name, role, team_idx in d.USERS:
            # Every demo person has an address (example.jp is reserved, never delivered):
            # their reminder mails go out instead of piling up as undeliverable.
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"display_name": name, "role": role, "email": f"{username}@example.jp"},
            )
            if created:
                user.set_password(d.DEMO_PASSWORD)
                user.save()
            user.teams.add(*(teams[i] for i in team_idx))
            users[username] = user
        return users

    def enrol_two_factor(self) -> None:
        """Demo supervisors and admins are enrolled (two factors are required for them), with
        the keys printed below: the demo stays usable without a bypass (docs/operations.md)."""
        for user in User.objects.filter(username__in=[u[0] for u in d.USERS]):
            if requires_two_factor(user):
                enrol_demo_device(user)

    def make_customers(self, rng: random.Random, teams: list[Team]) -> list[Customer]:
        customers = []
        for n in range(CUSTOMERS):
            family = n % len(d.FAMILY)
            company = d.COMPANIES[n % len(d.COMPANIES)]
            customer = Customer.objects.create(
                name=f"{d.FAMILY[family]} {d.GIVEN[n % len(d.GIVEN)]}",
                name_kana=d.FAMILY_KANA[family],
                company=company,
                phone=f"0{rng.choice([3, 6])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                email=f"customer{n + 1}@example.jp",
                address=f"{rng.choice(d.CITIES)}{rng.randint(1, 5)}-{rng.randint(1, 30)}",
                team=teams[n % len(teams)],
            )
            for product, clause in rng.sample(d.PRODUCTS, rng.randint(1, 2)):
                start = date(2026, 11, 1) - timedelta(days=rng.randint(30, 900))
                Contract.objects.create(
                    customer=customer,
                    product=product,
                    start_date=start,
                    end_date=start + timedelta(days=730),
                    terms=d.COMMON_TERMS.format(product=product, clause=clause),
                )
            customers.append(customer)
        return customers

    def make_cases(
        self, rng: random.Random, customers: list[Customer], users: dict[str, User]
    ) -> None:
        now = timezone.now()
        for n in range(CASES):
            customer = customers[n % len(customers)]
            kind, title, opening, later = d.SCENARIOS[rng.randrange(len(d.SCENARIOS))]
            members = [u for u in users.values() if u.teams.filter(pk=customer.team_id).exists()]
            staff = rng.choice([u for u in members if u.role != "supervisor"] or members)
            opened = now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
            with transaction.atomic():
                case = self.open_case(
                    staff,
                    kind=kind,
                    title=title,
                    customer=customer,
                    priority=rng.choice(Priority.values),
                    unassigned=n % 9 == 0,
                    opening=opening,
                    opened=opened,
                )
                moment = opened
                for direction, channel, text in later[: rng.randint(0, len(later))]:
                    moment += timedelta(minutes=rng.randint(5, 600))
                    if moment > now:
                        break
                    with story_clock(moment):
                        do_add_interaction(
                            staff,
                            case,
                            direction=direction,
                            channel=channel,
                            text=text,
                            occurred_at=moment,
                        )
                supervisor = next(u for u in members if u.role == "supervisor")
                walk(
                    case,
                    staff=staff,
                    supervisor=supervisor,
                    steps=rng.randint(0, len(WALKS[kind])),
                    start=min(moment, now),
                )

    def open_case(
        self,
        staff: User,
        *,
        kind: str,
        title: str,
        customer: Customer,
        priority: int,
        unassigned: bool,
        opening: str,
        opened: Any,
    ) -> Any:
        """Open one demo case on the story's clock (its events stamped at ``opened``)."""
        # A sales memo opening an after-follow case is our own note, not something the
        # customer said: it is recorded as an internal note (and never analysed).
        memo = opening.startswith(d.MEMO_PREFIX)
        with story_clock(opened):
            case = do_create_case(
                staff,
                kind=kind,
                title=title,
                team=customer.team,
                priority=priority,
                customer=customer,
                contract=customer.contracts.first(),
                assignee=None if unassigned else staff,
                first_message="" if memo else opening,
                channel="phone",
                opened_at=opened,
            )
            if memo:
                do_add_interaction(
                    staff,
                    case,
                    direction="internal",
                    channel="visit",
                    text=opening.removeprefix(d.MEMO_PREFIX),
                    occurred_at=opened,
                )
        return case

    def print_logins(self) -> None:
        self.stdout.write(f"Demo logins (password for all: {d.DEMO_PASSWORD}):")
        for username, name, role, _teams in d.USERS:
            self.stdout.write(f"  {username:<11} {name}（{role}）")
        # people the apps' demo hooks add (e.g. the consultation desk), same password
        known = [u[0] for u in d.USERS]
        for user in User.objects.exclude(username__in=known).filter(is_superuser=False):
            desk = "・相談窓口" if user.has_perm("protection.handle_consultations") else ""
            name = user.get_full_name() or user.username
            self.stdout.write(f"  {user.username:<11} {name}（{user.role}{desk}）")
        devices = TOTPDevice.objects.filter(
            user__username__in=[u[0] for u in d.USERS], confirmed=True
        ).select_related("user")
        if devices:
            self.stdout.write(
                "Two-factor codes (required for supervisors and admins): add a key to an "
                "authenticator app, or print the current code with "
                "`DEBUG=1 kamitaiou totp-code USER`:"
            )
        for device in devices:
            self.stdout.write(f"  {device.user.username:<11} {base32_key(device)}")
