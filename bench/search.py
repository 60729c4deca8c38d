"""Search at a real team's scale: 100,000 cases and 1,000,000 interactions by default.

Prints, for 1-, 2- and 4-character terms, a customer name, a phone number and a
three-word query: p50/p95 ms of the whole ``/search/`` page (as an operator of one of two
teams, i.e. through the access rules) beside the reference — the plain ``icontains``
filter of ``cases/search.py`` (first page of 20 and its count) — in the same run; plus the
indexing rate (``index.rebuild``) and the index size. Builds its own database (SQLite in a
temp dir, or DATABASE_URL for PostgreSQL).

    .venv/bin/python bench/search.py [--cases 100000] [--interactions 1000000] [--repeat 20]

The data is bulk-inserted (not through the actions), from a vocabulary of complaint
phrases so terms have a realistic spread: 金 is in many messages, 損害賠償 in few.
On PostgreSQL the tables are ANALYZEd after the load (what autovacuum does soon after a
bulk load in a deployment); the time it takes is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

PHRASES = [
    "先日購入した冷蔵庫が冷えません。",
    "納期に間に合わないと困ります。",
    "返金をお願いします。",
    "至急対応してください。",
    "担当変更を希望します。",
    "請求書の金額が違います。",
    "訴訟も考えています。",
    "損害賠償を請求します。",
    "洗濯機から異音がします。",
    "パソコンの設定がわかりません。",
    "配送が遅れている理由を教えてください。",
    "お電話をお待ちしております。",
    "見積もりの件で確認があります。",
    "説明書に書いてある通りにしても動きません。",
    "前回の修理から一週間で再発しました。",
    "ご対応ありがとうございました。",
    "在庫切れとのことですが、いつ入荷しますか。",
    "契約の更新について相談したいです。",
    "部品の交換はいつになりますか。",
    "店員の態度がひどかったです。",
    "ポイントが付与されていません。",
    "エアコンの取り付け日を変更したい。",
    "保証期間内なので無償で直してほしい。",
    "領収書を再発行してください。",
]
FAMILY = ["佐藤", "鈴木", "髙橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "西村"]
FAMILY_KANA = [
    "サトウ",
    "スズキ",
    "タカハシ",
    "タナカ",
    "イトウ",
    "ワタナベ",
    "ヤマモト",
    "ナカムラ",
    "コバヤシ",
    "カトウ",
    "ニシムラ",
]
GIVEN = ["太郎", "花子", "一郎", "恵子", "健二", "美咲", "大輔", "由美", "翔太", "直樹"]
TITLES = ["冷蔵庫の不具合", "納期の件", "返金のご依頼", "請求金額の相違", "修理の再発", "配送遅延"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reference-repeat", type=int, default=5)
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build the database in DIR and keep it; a later run with the same DIR and sizes "
        "measures the queries again without building and indexing",
    )
    args = parser.parse_args()
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        os.environ["KAMITAIOU_DATA_DIR"] = args.keep
    os.environ.setdefault("KAMITAIOU_DATA_DIR", tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from kamitaiou.accounts.models import User
    from kamitaiou.search import backends, index

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    marker = os.path.join(args.keep, "bench-built.json") if args.keep else None
    sizes = {"cases": args.cases, "interactions": args.interactions, "vendor": connection.vendor}
    built = _read_marker(marker)
    if built is not None and built["sizes"] == sizes:
        documents, seconds = built["documents"], built["seconds"]
        print("(kept database: indexing figures are those of the run that built it)")
    else:
        build(args.cases, args.interactions)
        started = time.perf_counter()
        documents = index.rebuild()
        seconds = time.perf_counter() - started
        if marker:
            with open(marker, "w") as out:
                json.dump({"sizes": sizes, "documents": documents, "seconds": seconds}, out)
    if connection.vendor == "postgresql":
        # After a bulk load autovacuum analyses the tables within a minute or so; without
        # statistics the planner reads whole GIN posting lists (decision 0016, run 1).
        # Do it at once, as a deployment's database would have them, and say so.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"(ANALYZE after the load: {time.perf_counter() - started:.0f} s)")
    size = backends.index_size()
    print(
        f"database: {connection.vendor}; cases: {args.cases:,}; interactions: {args.interactions:,}"
    )
    print(
        f"indexing: {documents:,} documents in {seconds:.1f} s "
        f"({documents / seconds:,.0f} documents/s); index size: "
        + (f"{size / 1_000_000:,.0f} MB" if size is not None else "n/a")
    )
    queries = {
        "1 character": ["金", "壊", "遅"],
        "2 characters": ["納期", "返金", "訴訟"],
        "4 characters": ["損害賠償", "担当変更", "至急対応"],
        "customer name": ["西村 健二", "ﾀｶﾊｼ ｲﾁﾛｳ", "高橋一郎"],
        "phone number": ["03-5555-0042", "0355550116", "5555-0300"],
        "three words": ["冷蔵庫 返金 至急", "納期 訴訟 担当", "修理 再発 一週間"],
    }
    client = Client()
    operator = User.objects.get(username="operator")
    client.force_login(operator)
    header = f"{'query':16} {'search p50':>11} {'p95 ms':>8} {'hits':>8}"
    print(f"{header} {'icontains p50':>14} {'p95 ms':>8}")
    for name, terms in queries.items():
        page, hits = time_search(client, terms, args.repeat)
        reference = time_reference(operator, terms, args.reference_repeat)
        print(
            f"{name:16} {page[0]:11.1f} {page[1]:8.1f} {hits:8,} "
            f"{reference[0]:14.1f} {reference[1]:8.1f}"
        )


def _read_marker(path: str | None) -> dict | None:
    if not path or not os.path.exists(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, round(len(times) * 0.95) - 1)]


def time_search(client: object, terms: list[str], repeat: int) -> tuple[tuple[float, float], int]:
    """p50/p95 ms of the /search/ page for ``terms`` in turn, and the hits of the first."""
    import re

    for term in terms:
        client.get("/search/", {"q": term})  # type: ignore[attr-defined]
    times = []
    for _ in range(repeat):
        for term in terms:
            start = time.perf_counter()
            response = client.get("/search/", {"q": term})  # type: ignore[attr-defined]
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (term, response.status_code)
    body = client.get("/search/", {"q": terms[0]}).content.decode()  # type: ignore[attr-defined]
    found = re.search(r'id="group-cases"[^>]*>[^(]*\(\D*(\d+)', body)
    return percentiles(times), int(found.group(1)) if found else 0


def time_reference(user: object, terms: list[str], repeat: int) -> tuple[float, float]:
    """The plain icontains filter of cases/search.py: first page of 20 and its count."""
    from kamitaiou.cases import search
    from kamitaiou.cases.access import visible_cases

    times = []
    for _ in range(repeat):
        for term in terms:
            start = time.perf_counter()
            qs = search.filter_cases(visible_cases(user), term)
            list(qs.order_by("-last_activity_at", "-pk")[:20])
            qs.count()
            times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def build(n_cases: int, n_interactions: int) -> None:
    """Bulk-insert two teams, an operator, customers, cases and interactions."""
    from django.db import transaction
    from django.utils import timezone

    from kamitaiou.accounts.models import Team, User
    from kamitaiou.cases.models import Case, Customer, Interaction
    from kamitaiou.cases.search import customer_search_key

    rng = random.Random(14)
    started = time.perf_counter()
    teams = [Team.objects.create(name=f"チーム{i}") for i in range(2)]
    operator = User.objects.create_user("operator", password="x", role="operator")
    operator.teams.add(teams[0])
    customers = []
    for i in range(max(2, n_cases // 10)):
        family = i % len(FAMILY)
        fields = {
            "name": f"{FAMILY[family]} {GIVEN[(i // len(FAMILY)) % len(GIVEN)]}",
            "name_kana": FAMILY_KANA[family],
            "company": f"株式会社{rng.choice(['みどり', 'あおば', '浪速', '東都'])}商事{i % 97}",
            "email": f"customer{i}@example.jp",
            "phone": f"0{3 + 3 * (i % 2)}-5555-{i % 10000:04d}",
        }
        customers.append(
            Customer(team=teams[i % 2], search_key=customer_search_key(**fields), **fields)
        )
    customers = Customer.objects.bulk_create(customers, batch_size=5_000)
    kinds = ["complaint", "unreasonable_demand", "special_request", "after_follow"]
    now = timezone.now()
    per_case = max(1, n_interactions // n_cases)
    batch = 5_000
    for start in range(0, n_cases, batch):
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                Case(
                    kind=kinds[i % 4],
                    title=f"{rng.choice(TITLES)}（{i}）",
                    customer=customers[i % len(customers)],
                    team=customers[i % len(customers)].team,
                    stage="received",
                    priority=1 + i % 4,
                    opened_at=now - timedelta(minutes=i),
                    last_activity_at=now - timedelta(minutes=i),
                )
                for i in range(start, min(n_cases, start + batch))
            )
            Interaction.objects.bulk_create(
                Interaction(
                    case=case,
                    direction="in" if j % 2 == 0 else "out",
                    channel="mail",
                    text="".join(rng.sample(PHRASES, 2)),
                    occurred_at=now - timedelta(minutes=j),
                    author=operator,
                )
                for case in cases
                for j in range(per_case)
            )
        print(f"\rbuilding: {min(n_cases, start + batch):,} cases", end="", file=sys.stderr)
    print(f"\nbuilt in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
