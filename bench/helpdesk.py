"""Our list and case pages side by side with the reference product, django-helpdesk 2.6.1,
on the same data shape in one run: 100,000 cases / tickets in 2 teams / queues, 1,000,000
interactions / follow-ups (10 each), a third of them closed. Prints one table.

    .venv/bin/python bench/helpdesk.py [--cases 100000] [--interactions 1000000] [--repeat 15]

The reference never enters our venv or lock files. At bench time uv installs it into a
directory of its own, ~/.cache/kamitaiou-bench/helpdesk-2.6.1 (or under
$KAMITAIOU_BENCH_CACHE), once: django-helpdesk==2.6.1 and its runtime dependencies pinned
in REFERENCE_DEPS, with --no-deps and without Django (nor Django's asgiref and sqlparse),
so that it runs on our Django. That directory is appended to the reference process's
sys.path. No registry, or a failed install: one line on stderr, exit code 2.

Each side builds its data in one process and is timed in another (so that the peak RSS
printed for serving is that of serving alone), one side after the other, each on its own
fresh SQLite file in a temp dir (DATABASE_URL is ignored here). Our data comes from
bench/inbox.py's build(); the reference's from build_reference() below, the same shape:
the same counts, titles, texts, priorities (1-4), open times (one minute apart), every 7th
assigned to the user, every 3rd closed, bulk-inserted in the same batches (not through
either app's actions). Both sides are timed by bench/inbox.py's measure() through Django's
test client as a logged-in user: one warm round, then the median and p90 of --repeat
rounds, and the queries of one more round.

Pages (ours as bench/inbox.py's "operator", the reference as a staff user):
- list p1: ours /?tab=team (the team's open cases, most urgent first, 50 a page). The
  reference's ticket list as a browser loads it: the list page HTML filtered to queue 1,
  open statuses (1, 2), sorted by priority, then its DataTables JSON for rows 1-50 (the
  URL is read from the HTML; 50 rows because the user's helpdesk setting says 50, one of
  its choices). The time and queries of a round are those of both requests together; the
  two are also timed alone.
- list pN: ours ?tab=team&page=N; the reference's DataTables JSON alone for rows
  (N-1)*50+1.., which is all a browser fetches when the user pages. N is 500, or the last
  page when there are fewer (the same N on both sides: the same data).
- case page: the first case / ticket (closed, assigned to the user, 10 interactions /
  follow-ups): ours /cases/<id>/, the reference /helpdesk/tickets/<id>/.

Matched on both sides: SQLite with kamitaiou/config/settings.py's options word for word
(journal_mode=WAL, synchronous=NORMAL, IMMEDIATE transactions, timeout 20 s; no ANALYZE on
either), CONN_MAX_AGE 0 (a connection per request, each running those pragmas), DEBUG
off, Django's default cached template loaders, database sessions, LANGUAGE_CODE ja
(django-helpdesk ships no ja catalogue, so its own strings stay English), Asia/Tokyo,
USE_TZ, the same Python and Django, the same machine, one after the other.

Not matched, to keep in mind when reading the figures:
- Our database also holds one hash-chained record event per interaction (1,000,000 more
  rows), which our case page reads; django-helpdesk has no such record.
- Scope: our operator sees their team's cases only (a membership subquery in every
  query); the reference's staff user sees every queue (per-queue permissions are off by
  default) and picks queue 1 in the list's filter.
- Order: ours sorts by urgency, due, opened time and id, on an index made for it; the
  reference by priority alone (no tie-break, no index on it). Its JSON also counts the
  rows twice and annotates every row with its last follow-up (a window subquery).
- Ours renders the list in one request; the reference needs two for the first page.
- Middleware: ours adds WhiteNoise and LocaleMiddleware; the reference has Django's
  standard set (bench/helpdesk_ref/settings.py).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from django.http import HttpResponse

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
REFERENCE = "django-helpdesk"
REFERENCE_VERSION = "2.6.1"
# django-helpdesk 2.6.1's Requires-Dist, resolved (uv pip compile, Python 3.11), less
# Django and Django's own dependencies, which come from our venv.
REFERENCE_DEPS = (
    "beautifulsoup4==4.15.0",
    "certifi==2026.10.18",
    "charset-normalizer==3.5.2",
    "django-cleanup==9.0.0",
    "django-model-utils==5.0.0",
    "djangorestframework==3.18.3",
    "email-reply-parser==0.5.12",
    "idna==3.20",
    "markdown==3.11.3",
    "nh3==0.3.8",
    "oauthlib==4.0.1",
    "requests==2.34.2",
    "requests-oauthlib==2.0.0",
    "soupsieve==2.10",
    "typing-extensions==4.16.0",
    "urllib3==2.8.0",
)
PAGE_SIZE = 50  # our KAMITAIOU_PAGE_SIZE default; the reference user's tickets_per_page
DEEP_PAGE = 500
TEXT = "お問い合わせの件、{j}回目のご連絡です。確認をお願いします。"  # bench/inbox.py's
EXIT_SETUP = 2


class SetupError(Exception):
    """The bench cannot run here (no registry, a failed install): one line, exit 2."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--side", choices=["ours", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["build", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cases < 2 or args.interactions < args.cases or args.repeat < 1:
        parser.error("need --cases >= 2, --interactions >= --cases, --repeat >= 1")
    try:
        if args.side:
            child(args)
        else:
            compare(args)
    except SetupError as exc:
        print(f"bench/helpdesk.py: {exc}", file=sys.stderr)
        sys.exit(EXIT_SETUP)


# --- the parent: install the reference, run the four processes, print the table ---


def cache_root() -> Path:
    base = os.environ.get("KAMITAIOU_BENCH_CACHE") or Path.home() / ".cache" / "kamitaiou-bench"
    return Path(base)


def ensure_reference() -> Path:
    """The directory holding django-helpdesk and its dependencies, installed if needed."""
    target = cache_root() / f"helpdesk-{REFERENCE_VERSION}"
    specs = [f"{REFERENCE}=={REFERENCE_VERSION}", *REFERENCE_DEPS]
    marker = target / ".kamitaiou-bench-installed"
    if marker.is_file() and marker.read_text() == "\n".join(specs):
        return target
    uv = Path(sys.executable).with_name("uv")
    uv_path = str(uv) if uv.is_file() else shutil.which("uv")
    if not uv_path:
        raise SetupError("uv is not installed (it installs the reference); run `make setup-dev`")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.", dir=target.parent))
    except OSError as exc:
        raise SetupError(f"cannot write the reference's directory {target}: {exc}") from None
    started = time.perf_counter()
    command = [uv_path, "pip", "install", "--quiet", "--no-deps", "--python", sys.executable]
    try:
        done = subprocess.run(
            [*command, "--target", str(staging), *specs],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(staging, ignore_errors=True)
        raise SetupError(f"installing {specs[0]} took over 15 minutes; gave up") from None
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        first = next((line for line in lines if line.startswith("error")), "")
        why = " / ".join(x for x in (first, lines[-1] if lines else "") if x) or "no message"
        raise SetupError(
            f"cannot install the reference {specs[0]} (uv exit {done.returncode}): {why}"
        )
    if (staging / "django").exists():
        shutil.rmtree(staging, ignore_errors=True)
        raise SetupError("the reference's install brought its own Django; refusing to use it")
    (staging / marker.name).write_text("\n".join(specs))
    took = time.perf_counter() - started
    print(f"installed {specs[0]} into {target} ({took:.0f} s)", file=sys.stderr)
    shutil.rmtree(target, ignore_errors=True)
    try:
        staging.rename(target)
    except OSError:  # another run got there first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def run_child(args: argparse.Namespace, side: str, phase: str, workdir: Path, target: Path) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        f"--side={side}",
        f"--phase={phase}",
        f"--dir={workdir}",
        f"--target={target}",
        f"--cases={args.cases}",
        f"--interactions={args.interactions}",
        f"--repeat={args.repeat}",
    ]
    done = subprocess.run(command, check=False)
    if done.returncode == EXIT_SETUP:
        sys.exit(EXIT_SETUP)  # the child said why, in one line
    if done.returncode != 0:
        print(f"bench/helpdesk.py: {side} {phase} failed (exit {done.returncode})", file=sys.stderr)
        sys.exit(1)
    return json.loads((workdir / f"{phase}.json").read_text())


def compare(args: argparse.Namespace) -> None:
    target = ensure_reference()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kamitaiou-bench-helpdesk-") as tmp:
        for side in ("ours", "reference"):
            workdir = Path(tmp) / side
            workdir.mkdir()
            built = run_child(args, side, "build", workdir, target)
            served = run_child(args, side, "serve", workdir, target)
            results[side] = {**built, **served}
    print_table(args, results["ours"], results["reference"])


def print_table(args: argparse.Namespace, ours: dict, ref: dict) -> None:
    deep = ours["deep_page"]
    print(
        f"Kamitaiou vs {REFERENCE} {ref['version']}: {args.cases:,} cases / tickets in 2 "
        f"teams / queues, {ours['interactions']:,} / {ref['interactions']:,} interactions / "
        f"follow-ups"
    )
    print(
        f"SQLite {ours['sqlite']} (WAL, synchronous=NORMAL) both sides; Django {ours['django']}"
        f" both sides; Python {sys.version.split()[0]}; {args.repeat} timed rounds, ms"
    )
    print(f"reference installed in {ref['location']}")
    head = f"{'page':48} {'ours':>7} {'p90':>7} {'queries':>7} | {'reference':>9} {'p90':>7} "
    print(head + f"{'queries':>7}")
    rows = [
        ("list p1 (ref: page HTML + DataTables JSON)", "list_p1"),
        (f"list p{deep} (ref: DataTables JSON, as paging is)", "list_deep"),
        ("case / ticket page (10 entries)", "detail"),
        ("  ref list p1: page HTML alone", "ref_list_html"),
        ("  ref list p1: DataTables JSON alone", "ref_list_json"),
    ]
    for label, key in rows:
        cells = []
        for side in (ours, ref):
            if key in side["pages"]:
                median, p90, queries = side["pages"][key]
                cells.append(f"{median:7.1f} {p90:7.1f} {queries:7d}")
            else:
                cells.append(f"{'-':>7} {'-':>7} {'-':>7}")
        print(f"{label:48} {cells[0]} | {'':2}{cells[1]}")
    print(f"{'open in the list (team / queue 1)':48} {ours['open']:>23,} | {ref['open']:>25,}")
    for label, key, unit in (
        ("peak RSS, serving process", "serve_rss", "MB"),
        ("peak RSS, building process", "build_rss", "MB"),
        ("build time", "build_seconds", "s"),
        ("database file", "db_mb", "MB"),
    ):
        print(f"{label:48} {ours[key]:>20.0f} {unit:<2} | {ref[key]:>22.0f} {unit}")
    if ours["deep_page"] != ref["deep_page"] or ours["open"] != ref["open"]:
        print("note: the two sides' lists differ in length; see the open counts above")


# --- the children: one side, one phase ---


def child(args: argparse.Namespace) -> None:
    # Never import this script's directory as a package: bench/helpdesk.py would shadow the
    # reference's `helpdesk`. Our root goes first; the reference's directory last, so the
    # venv's Django is the one imported.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
    sys.path.insert(0, str(ROOT))
    workdir = Path(args.dir)
    os.environ.pop("DATABASE_URL", None)  # both sides on SQLite files of their own
    if args.side == "ours":
        os.environ["KAMITAIOU_DATA_DIR"] = str(workdir)
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
        os.environ.setdefault("SECURE_COOKIES", "0")
        os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
        db = workdir / "kamitaiou.sqlite3"
        # WhiteNoise's word that the (never collected) static dir is missing, as in pytest
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
    else:
        sys.path.append(args.target)
        os.environ["HELPDESK_BENCH_DB"] = str(workdir / "helpdesk.sqlite3")
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.helpdesk_ref.settings"
        db = workdir / "helpdesk.sqlite3"
        try:
            import helpdesk
        except ImportError as exc:
            raise SetupError(f"the reference in {args.target} does not import: {exc}") from None
        if not str(Path(helpdesk.__file__).resolve()).startswith(str(Path(args.target))):
            raise SetupError(f"`helpdesk` comes from {helpdesk.__file__}, not {args.target}")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    if args.phase == "build":
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if args.side == "ours":
            from bench.inbox import build

            build(args.cases, args.interactions)
        else:
            build_reference(args.cases, args.interactions)
        result = {
            "build_seconds": time.perf_counter() - started,
            "build_rss": peak_rss_mb(),
            "db_mb": sum(p.stat().st_size for p in workdir.glob(db.name + "*")) / 2**20,
        }
    else:
        serve = serve_ours if args.side == "ours" else serve_reference
        result = serve(args.repeat)
        result["serve_rss"] = peak_rss_mb()
    (workdir / f"{args.phase}.json").write_text(json.dumps(result))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def deep_page(open_count: int) -> int:
    return max(1, min(DEEP_PAGE, math.ceil(open_count / PAGE_SIZE)))


def common_facts() -> dict:
    import sqlite3

    import django

    return {"django": django.get_version(), "sqlite": sqlite3.sqlite_version}


def serve_ours(repeat: int) -> dict:
    from django.test import Client

    from bench.inbox import measure
    from kamitaiou.accounts.models import User
    from kamitaiou.cases.models import Case, Interaction

    operator = User.objects.get(username="operator")
    open_count = Case.objects.filter(team__in=operator.teams.all(), closed_at__isnull=True).count()
    n = deep_page(open_count)
    busy = Case.objects.order_by("pk").first()
    assert busy is not None
    client = Client()
    client.force_login(operator)
    check_case_page(client.get(f"/cases/{busy.pk}/"), busy.interactions.count())
    pages = {
        "list_p1": measure(client, ["/?tab=team"], repeat),
        "list_deep": measure(client, [f"/?tab=team&page={n}"], repeat),
        "detail": measure(client, [f"/cases/{busy.pk}/"], repeat),
    }
    return {
        **common_facts(),
        "pages": pages,
        "open": open_count,
        "deep_page": n,
        "interactions": Interaction.objects.count(),
    }


def check_case_page(response: HttpResponse, entries: int) -> None:
    """The case / ticket page shows every one of its interactions / follow-ups."""
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    missing = [j for j in range(entries) if TEXT.format(j=j) not in page]
    assert not missing, f"entries {missing} of {entries} are not on the page"


def datatables_query(draw: int, start: int) -> str:
    """The query string DataTables (serverSide, no initial order) sends for one page of
    the reference's ticket list: its 12 columns as ticket_list.html declares them."""
    columns = [
        "id",
        "ticket",
        "priority",
        "queue",
        "status",
        "created",
        "due_date",
        "assigned_to",
        "submitter",
        "last_followup",
        "time_spent",
        "kbitem",
    ]
    params: list[tuple[str, str | int]] = [("draw", draw)]
    for i, name in enumerate(columns):
        params += [
            (f"columns[{i}][data]", name),
            (f"columns[{i}][name]", ""),
            (f"columns[{i}][searchable]", "true"),
            (f"columns[{i}][orderable]", "false" if i == 0 else "true"),
            (f"columns[{i}][search][value]", ""),
            (f"columns[{i}][search][regex]", "false"),
        ]
    params += [
        ("start", start),
        ("length", PAGE_SIZE),
        ("search[value]", ""),
        ("search[regex]", "false"),
        ("_", 1_700_000_000_000 + draw),
    ]
    return urlencode(params)


def serve_reference(repeat: int) -> dict:
    from importlib.metadata import version

    from django.contrib.auth import get_user_model
    from django.test import Client
    from helpdesk.models import FollowUp, Queue, Ticket

    from bench.inbox import measure

    user = get_user_model().objects.get(username="operator")
    queue = Queue.objects.order_by("pk").first()
    assert queue is not None
    client = Client()
    client.force_login(user)
    status = f"status={Ticket.OPEN_STATUS}&status={Ticket.REOPENED_STATUS}"
    list_url = f"/helpdesk/tickets/?queue={queue.pk}&{status}&sort=priority"
    response = client.get(list_url)
    assert response.status_code == 200, (list_url, response.status_code)
    found = re.search(r"/helpdesk/datatables_ticket_list/[A-Za-z0-9+/=]*", response.text)
    assert found, "no DataTables URL in the ticket list page"
    json_p1 = f"{found.group(0)}?{datatables_query(1, 0)}"
    first = client.get(json_p1).json()
    open_count = first["recordsFiltered"]
    assert len(first["data"]) == min(PAGE_SIZE, open_count), len(first["data"])
    n = deep_page(open_count)
    json_deep = f"{found.group(0)}?{datatables_query(2, (n - 1) * PAGE_SIZE)}"
    assert client.get(json_deep).json()["data"], "the deep page came back empty"
    busy = Ticket.objects.order_by("pk").first()
    assert busy is not None
    check_case_page(client.get(f"/helpdesk/tickets/{busy.pk}/"), busy.followup_set.count())
    pages = {
        "list_p1": measure(client, [list_url, json_p1], repeat),
        "list_deep": measure(client, [json_deep], repeat),
        "detail": measure(client, [f"/helpdesk/tickets/{busy.pk}/"], repeat),
        "ref_list_html": measure(client, [list_url], repeat),
        "ref_list_json": measure(client, [json_p1], repeat),
    }
    return {
        **common_facts(),
        "pages": pages,
        "open": open_count,
        "deep_page": n,
        "interactions": FollowUp.objects.count(),
        "version": version(REFERENCE),
        "location": str(Path(sys.modules["helpdesk"].__file__).parent.parent),
    }


def build_reference(n_cases: int, n_interactions: int) -> None:
    """bench/inbox.py's build() in django-helpdesk's tables: queues for teams, tickets for
    cases, follow-ups for interactions; submitter e-mails stand for customers."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from helpdesk.models import FollowUp, Queue, Ticket

    started = time.perf_counter()
    queues = [Queue.objects.create(title=f"チーム{i}", slug=f"team{i}") for i in range(2)]
    operator = get_user_model().objects.create_user("operator", password="x", is_staff=True)
    operator.usersettings_helpdesk.tickets_per_page = PAGE_SIZE
    operator.usersettings_helpdesk.save()
    n_customers = max(1, n_cases // 100)
    now = timezone.now()
    per_case = max(1, n_interactions // n_cases)
    batch = 5_000
    # Ticket.created is auto_now_add and modified auto_now: give them our open times.
    stamps = [Ticket._meta.get_field(name) for name in ("created", "modified")]
    saved = [(field.auto_now, field.auto_now_add) for field in stamps]
    for field in stamps:
        field.auto_now = field.auto_now_add = False
    try:
        for start in range(0, n_cases, batch):
            with transaction.atomic():
                tickets = Ticket.objects.bulk_create(
                    Ticket(
                        title=f"案件{i}",
                        queue=queues[(i % n_customers) % 2],
                        submitter_email=f"kokyaku{i % n_customers}@example.jp",
                        assigned_to=operator if i % 7 == 0 else None,
                        status=Ticket.CLOSED_STATUS if i % 3 == 0 else Ticket.OPEN_STATUS,
                        priority=1 + i % 4,
                        created=now - timedelta(minutes=i),
                        modified=now,
                        description="",
                    )
                    for i in range(start, min(n_cases, start + batch))
                )
                FollowUp.objects.bulk_create(
                    FollowUp(
                        ticket=ticket,
                        date=now - timedelta(minutes=j),
                        title="Comment",
                        comment=TEXT.format(j=j),
                        public=j % 2 == 1,
                        user=operator,
                    )
                    for ticket in tickets
                    for j in range(per_case)
                )
            print(f"\rbuilding: {min(n_cases, start + batch):,} tickets", end="", file=sys.stderr)
    finally:
        for field, (auto_now, auto_now_add) in zip(stamps, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
    print(f"\nbuilt in {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
