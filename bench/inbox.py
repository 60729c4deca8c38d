"""Inbox, case and customer pages at a real team's scale: 100,000 cases, 1,000,000
interactions (and their record events). Prints timings (median of N requests), query
counts and peak RSS, each page beside a hello-world view of the same server (the ×
column), then the inbox's throughput under gunicorn at concurrency 8. Builds its own
database (SQLite in a temp dir, or DATABASE_URL).

    .venv/bin/python bench/inbox.py [--cases 100000] [--interactions 1000000] [--repeat 15]
        [--data-dir DIR]    # keep the built SQLite database there and reuse it next time
        [--workers 4] [--seconds 10] [--concurrency 8]   # gunicorn (--seconds 0: skip)

Page 500 is reached the way the pager does it: ``?after=<cursor>`` of the 24,950th row
(the cursor is read once from the database, not by clicking 499 times); ``?page=500``
(OFFSET, for old links) is printed beside it.

The data is bulk-inserted (not through the actions: the hash chain is not what is
measured here), then the pages are requested through Django's test client as a logged-in
operator and supervisor.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_django import setup_django

    # The supervisor is signed in with force_login, which carries no second factor: the
    # page is measured here, not the sign-in (the reports bench does the same).
    os.environ["KAMITAIOU_2FA_ROLES"] = ""
    setup_django(args.data_dir)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.ROOT_URLCONF = "bench.inbox_urls"
    call_command("migrate", verbosity=0)
    from kamitaiou.accounts.models import User
    from kamitaiou.cases.models import Case

    if not User.objects.filter(username="operator").exists():
        build(args.cases, args.interactions)
        from kamitaiou.search import index

        started = time.perf_counter()
        documents = index.rebuild()
        print(
            f"search index: {documents:,} documents in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )

    client = Client()
    print(
        f"database: {connection.vendor}; cases: {Case.objects.count():,}; "
        f"interactions: {args.interactions:,}"
    )
    busy = Case.objects.order_by("pk").first()
    cursor = deep_cursor(User.objects.get(username="operator"), page=500)
    pages = {
        "hello world (operator)": ("operator", "/bench/hello/"),
        "inbox mine (operator)": ("operator", "/?tab=mine"),
        "inbox team p1 (operator)": ("operator", "/?tab=team"),
        "inbox team p500 cursor (op.)": ("operator", f"/?tab=team&after={cursor}"),
        "inbox team p500 OFFSET (op.)": ("operator", "/?tab=team&page=500"),
        # the operator's team holds complaints and special requests only (bench data)
        "inbox kind filter (operator)": ("operator", "/?tab=team&kind=special_request"),
        "inbox 3 filters (operator)": (
            "operator",
            "/?tab=team&kind=special_request&anger=2&channel=phone",
        ),
        "inbox anger≥2 (operator)": ("operator", "/?tab=team&anger=2"),
        "inbox kind matching none (op.)": ("operator", "/?tab=team&kind=unreasonable_demand"),
        # ?q= through the search index: a name nobody has, a customer's name (顧客12,
        # 顧客120…), and a word in every message
        "inbox q=山田, no match (op.)": ("operator", "/?tab=team&q=%E5%B1%B1%E7%94%B0"),
        "inbox q=顧客12 (operator)": ("operator", "/?tab=team&q=%E9%A1%A7%E5%AE%A212"),
        "inbox q=確認, every case (op.)": ("operator", "/?tab=team&q=%E7%A2%BA%E8%AA%8D"),
        "inbox team p1 (supervisor)": ("supervisor", "/?tab=team"),
        "case page (10 entries)": ("operator", f"/cases/{busy.pk}/"),
        "customer page": ("operator", f"/customers/{busy.customer_id}/"),
    }
    print(f"{'page':32} {'median ms':>10} {'p90 ms':>8} {'× hello':>8} {'queries':>8}")
    hello = None
    for name, (who, url) in pages.items():
        client.force_login(User.objects.get(username=who))
        median, p90, queries = measure(client, [url], args.repeat)
        hello = hello or median
        print(f"{name:32} {median:10.1f} {p90:8.1f} {median / hello:8.1f} {queries:8d}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")
    if args.seconds > 0:
        from bench.inbox_load import serve_and_load

        client.force_login(User.objects.get(username="operator"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        serve_and_load(
            session=session,
            paths={"hello world": "/bench/hello/", "inbox team p1": "/?tab=team"},
            workers=args.workers,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )


def deep_cursor(user: object, *, page: int) -> str:
    """The ``?after=`` cursor that opens page ``page`` of the operator's team tab."""
    from django.http import QueryDict
    from django.test import RequestFactory

    from kamitaiou.inbox.filters import parse_filters
    from kamitaiou.inbox.pages import encode
    from kamitaiou.inbox.query import inbox_queryset

    request = RequestFactory().get("/")
    request.user = user
    qs = inbox_queryset(request, parse_filters(QueryDict("tab=team")))
    from django.conf import settings

    row = qs[settings.KAMITAIOU_PAGE_SIZE * (page - 1) - 1]
    return encode(row)


def measure(client: Client, urls: list[str], repeat: int) -> tuple[float, float, int]:
    """Median and p90 ms of ``repeat`` rounds of GETting ``urls`` in turn (a page and the
    data requests its browser makes), after one warm round, and the queries of one more
    round (counted apart, so that counting never slows the timed rounds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:
        client.get(url)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries)


def build(n_cases: int, n_interactions: int) -> None:
    """Bulk-insert teams, people, customers, cases, interactions and their events."""
    from django.db import transaction
    from django.utils import timezone

    from kamitaiou.accounts.models import Team, User
    from kamitaiou.cases.models import Case, CaseEvent, Customer, Interaction

    started = time.perf_counter()
    teams = [Team.objects.create(name=f"チーム{i}") for i in range(2)]
    operator = User.objects.create_user("operator", password="x", role="operator")
    operator.teams.add(teams[0])
    supervisor = User.objects.create_user("supervisor", password="x", role="supervisor")
    supervisor.teams.add(*teams)
    customers = Customer.objects.bulk_create(
        Customer(name=f"顧客{i}", team=teams[i % 2]) for i in range(max(1, n_cases // 100))
    )
    kinds = ["complaint", "unreasonable_demand", "special_request", "after_follow"]
    now = timezone.now()
    per_case = max(1, n_interactions // n_cases)
    batch = 5_000
    for start in range(0, n_cases, batch):
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    kind=kinds[i % 4],
                    title=f"案件{i}",
                    customer=customers[i % len(customers)],
                    team=customers[i % len(customers)].team,
                    assignee=operator if i % 7 == 0 else None,
                    stage="received",
                    priority=1 + i % 4,
                    opened_at=now - timedelta(minutes=i),
                    last_activity_at=now,
                    anger=i % 4,
                    threat=i % 50 == 0,
                    urgency=(100 if i % 50 == 0 else 0) + (1 + i % 4) * 10 + i % 4,
                    inbox_rank=1000 - ((100 if i % 50 == 0 else 0) + (1 + i % 4) * 10 + i % 4),
                    channel="phone",
                    closed_at=now if i % 3 == 0 else None,
                    record_seq=per_case,
                )
                for i in range(start, min(n_cases, start + batch))
            )
            interactions = Interaction.objects.bulk_create(
                Interaction(
                    case=case,
                    direction="in" if j % 2 == 0 else "out",
                    channel="phone",
                    text=f"お問い合わせの件、{j}回目のご連絡です。確認をお願いします。",
                    occurred_at=now - timedelta(minutes=j),
                    author=operator,
                )
                for case in cases
                for j in range(per_case)
            )
            CaseEvent.objects.bulk_create(
                CaseEvent(
                    case_id=item.case_id,
                    seq=1 + k % per_case,
                    kind="interaction",
                    actor=operator,
                    interaction=item,
                    prev_hash="0" * 64,
                    hash="0" * 64,
                )
                for k, item in enumerate(interactions)
            )
        print(f"\rbuilding: {min(n_cases, start + batch):,} cases", end="", file=sys.stderr)
    print(f"\nbuilt in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
