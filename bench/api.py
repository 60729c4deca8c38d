"""The API at a real team's scale, and webhook delivery throughput.

    .venv/bin/python bench/api.py [--cases 100000] [--interactions 1000000] [--repeat 15]
                                  [--webhooks 500]

Builds its data with bench/inbox.py's build() (SQLite in a temp dir, or DATABASE_URL), then
times the API through Django's test client with a bearer token of the operator (median and
p90 of --repeat requests after one warm one; the queries of one more): the list's first
page, a deep page by cursor (the 500th page of 50, the cursor built from that row's sort
key), a filtered list, and a case with its record. Then --webhooks case events are queued
for one endpoint and delivered one after the other by the worker's own ``deliver()`` to a
receiver on 127.0.0.1 (http.server, answering 200): deliveries per second, end to end
(claim, sign, POST, record).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--webhooks", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("KAMITAIOU_API_RATE", "1000000/min")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.dirname(here))
    sys.path.insert(0, here)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from inbox import build, measure  # bench/inbox.py

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    build(args.cases, args.interactions)
    from kamitaiou.accounts.models import User
    from kamitaiou.api.tokens import do_create_api_token
    from kamitaiou.cases.access import visible_cases
    from kamitaiou.inbox import pages
    from kamitaiou.inbox.query import ORDER

    operator = User.objects.get(username="operator")
    raw = do_create_api_token(operator, user=operator, name="bench").raw
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    open_cases = visible_cases(operator).filter(closed_at__isnull=True)
    deep = open_cases.order_by(*ORDER)[500 * 50 - 1 : 500 * 50].first()
    cursor = pages.encode(deep) if deep else ""
    busy = open_cases.order_by("pk").first()
    print(
        f"database: {connection.vendor}; cases: {args.cases:,}; interactions: {args.interactions:,}"
    )
    urls = {
        "GET /cases (p1, 50)": "/api/v1/cases",
        "GET /cases (p501 by cursor)": f"/api/v1/cases?cursor={cursor}",
        "GET /cases?kind=…": "/api/v1/cases?kind=unreasonable_demand",
        "GET /cases?tab=mine": "/api/v1/cases?tab=mine",
        "GET /cases/{id} (10 entries)": f"/api/v1/cases/{busy.pk}",
    }
    print(f"{'request':32} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    for name, url in urls.items():
        median, p90, queries = measure(client, [url], args.repeat)
        print(f"{name:32} {median:10.1f} {p90:8.1f} {queries:8d}")
    if args.webhooks:
        webhooks(args.webhooks, operator, busy)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")


def webhooks(count: int, operator: Any, case: Any) -> None:
    from kamitaiou.api.models import WebhookDelivery, WebhookEndpoint
    from kamitaiou.api.webhook_send import deliver
    from kamitaiou.cases.record import append_event

    class Ok(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    WebhookEndpoint.objects.create(
        team_id=case.team_id,
        url=f"http://127.0.0.1:{server.server_address[1]}/",
        events=["case.stage_changed"],
    )
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        for n in range(count):
            append_event(
                case,
                kind="stage_changed",
                actor=operator,
                data={"from": "received", "to": "x", "n": n},
            )
    queued = time.perf_counter() - started
    ids = list(WebhookDelivery.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    states = [deliver(pk).state for pk in ids]
    spent = time.perf_counter() - started
    server.shutdown()
    delivered = states.count("delivered")
    print(
        f"webhooks: {len(ids)} queued in {queued:.2f} s; {delivered} delivered in {spent:.2f} s "
        f"= {delivered / spent:.0f}/s (one worker, sequential)"
    )


if __name__ == "__main__":
    main()
