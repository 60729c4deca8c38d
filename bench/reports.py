"""The reports page and the streamed cases export at a real team's scale: bench/inbox.py's
data (100,000 cases, 1,000,000 interactions), on SQLite and on PostgreSQL, side by side.

    .venv/bin/python bench/reports.py [--cases 100000] [--interactions 1000000] [--repeat 20]
        [--data-dir DIR]          # keep the built SQLite database there and reuse it
        [--postgres URL|auto|none]  # auto (default): start scripts/pg-test-server.sh
        [--no-export]               # the reports page only

Prints, for each database: the reports page for this month and for a year (ms p50 / p95
of ``--repeat`` requests after one warm request, the CPU time of this process per request
— the server side, which the shared machine's load inflates least —, the warm request's own
time, and the query count of one more), as the
supervisor who sees both teams; then the streamed .xlsx export of 10,000 and of 100,000
cases (wall time and peak RSS, each in a fresh process so the RSS is its own) — memory
should stay flat in the row count. Each database runs in a child process of its own; this
process only prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXPORT_SIZES = (10_000, 100_000)


def setup_django(data_dir: str) -> None:
    os.environ["KAMITAIOU_DATA_DIR"] = data_dir
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("SECURE_COOKIES", "0")
    # force_login gives no second factor; what is measured is the page, not the login
    os.environ["KAMITAIOU_2FA_ROLES"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "kamitaiou.config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]


def measure(client: Any, url: str, repeat: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    assert client.get(url).status_code == 200, url  # warm (stores missing SLA clocks)
    warm = (time.perf_counter() - started) * 1000
    times, cpu, db_cpu = [], [], []
    for _ in range(repeat):
        start, start_cpu, start_db = time.perf_counter(), time.process_time(), _db_cpu()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        db_cpu.append((_db_cpu() - start_db) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "p50": statistics.median(times),
        "p95": _p95(times),
        # CPU of this process (Django + the test client; SQLite runs in it, PostgreSQL's
        # own backend does not): what the shared machine's load inflates least
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": _p95(cpu),
        # PostgreSQL on this machine: the CPU of all the server's processes (the backend
        # and its parallel workers) during the request — the database's own work
        "db_cpu_p50": statistics.median(db_cpu),
        "db_cpu_p95": _p95(db_cpu),
        "warm": warm,
        "queries": len(queries),
    }


_POSTMASTER: list[int] = []


def _db_cpu() -> float:
    """Seconds of CPU used so far by the local PostgreSQL server's child processes (0 for
    SQLite, which runs inside this process, or a server this machine cannot see)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    if not _POSTMASTER:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        try:
            _POSTMASTER.append(int(Path(f"/proc/{backend}/stat").read_text().split()[3]))
        except OSError:
            _POSTMASTER.append(0)
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == _POSTMASTER[0]:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime, in ticks
    return total / os.sysconf("SC_CLK_TCK")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def child_pages(args: argparse.Namespace) -> None:
    """Build (or reuse) the data, time the reports page; print JSON on stdout."""
    setup_django(args.data_dir)
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.inbox import build
    from kamitaiou.accounts.models import User
    from kamitaiou.cases.models import Case

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not User.objects.filter(username="operator").exists():
        with _stdout_to_stderr():
            build(args.cases, args.interactions)
    built = time.perf_counter() - started
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    today = timezone.localdate()
    year = f"/reports/?period=custom&start={today - timedelta(days=364)}&end={today}"
    out: dict[str, Any] = {
        "vendor": connection.vendor,
        "cases": Case.objects.count(),
        "build_s": built,
        "month": measure(client, "/reports/?period=this_month", args.repeat),
        "year": measure(client, year, args.repeat),
    }
    print(json.dumps(out))


def child_export(args: argparse.Namespace) -> None:
    """Stream the first ``--export`` cases as .xlsx through the web view; print JSON."""
    setup_django(args.data_dir)
    from kamitaiou.cases.models import Case
    from kamitaiou.reports import exports

    first = Case.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    cases = Case.objects.filter(pk__lt=first + args.export)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    size = 0
    with tempfile.TemporaryFile() as target:
        exports.write_xlsx([("案件", exports.case_table(cases))], target)
        size = target.tell()
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"rows": cases.count(), "s": seconds, "rss_mb": rss, "base_mb": before, "bytes": size}
        )
    )


class _stdout_to_stderr:
    """The generator prints progress on stdout and stderr; keep stdout for the JSON."""

    def __enter__(self) -> None:
        self.saved = sys.stdout
        sys.stdout = sys.stderr

    def __exit__(self, *exc: object) -> None:
        sys.stdout = self.saved


def run_child(mode: list[str], args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        *mode,
        "--cases",
        str(args.cases),
        "--interactions",
        str(args.interactions),
        "--repeat",
        str(args.repeat),
        "--data-dir",
        env["BENCH_DATA_DIR"],
    ]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def start_postgres() -> tuple[str, dict[str, str]]:
    pg_env = {**os.environ, "PGTEST_DIR": tempfile.mkdtemp(prefix="kamitaiou-pgbench.")}
    url = subprocess.run(
        [str(ROOT / "scripts/pg-test-server.sh"), "start"],
        env=pg_env,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    ).stdout.strip()
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    subprocess.run(
        ["createdb", "-h", host, "-p", port, "-U", "postgres", "kamitaiou"],
        check=True,
    )
    return url, pg_env


def run_database(name: str, args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    print(f"{name}: building / measuring …", file=sys.stderr)
    result = run_child(["--child-pages"], args, env)
    result["exports"] = [
        run_child(["--export", str(size)], args, env)
        for size in EXPORT_SIZES
        if size <= args.cases and not args.no_export
    ]
    return result


def print_table(results: dict[str, dict[str, Any]]) -> None:
    names = list(results)
    width = 24
    print(f"{'':34}" + "".join(f"{name:>{width}}" for name in names))
    print(f"{'cases':34}" + "".join(f"{results[n]['cases']:>{width},}" for n in names))
    print(f"{'data built (s)':34}" + "".join(f"{results[n]['build_s']:>{width}.0f}" for n in names))
    for key, label in (("month", "reports, this month"), ("year", "reports, a year")):
        cells = [
            f"{r[key]['p50']:.0f} / {r[key]['p95']:.0f} ms, {r[key]['queries']} q"
            for r in (results[n] for n in names)
        ]
        print(f"{label + ' p50/p95, queries':34}" + "".join(f"{c:>{width}}" for c in cells))
        cells = [
            f"{r[key]['cpu_p50']:.0f} / {r[key]['cpu_p95']:.0f} ms"
            for r in (results[n] for n in names)
        ]
        print(f"{'  CPU of the request p50/p95':34}" + "".join(f"{c:>{width}}" for c in cells))
        cells = [
            f"{r[key]['db_cpu_p50']:.0f} / {r[key]['db_cpu_p95']:.0f} ms"
            if r["vendor"] == "postgresql"
            else "(in the above)"
            for r in (results[n] for n in names)
        ]
        print(f"{'  PostgreSQL server CPU p50/p95':34}" + "".join(f"{c:>{width}}" for c in cells))
        cells = [f"{r[key]['warm']:.0f} ms" for r in (results[n] for n in names)]
        print(f"{'  first request (fills clocks)':34}" + "".join(f"{c:>{width}}" for c in cells))
    for index, size in enumerate(EXPORT_SIZES):
        cells = []
        for name in names:
            found = results[name]["exports"]
            if index < len(found):
                e = found[index]
                cells.append(f"{e['s']:.1f} s, {e['rss_mb']:.0f} MB RSS")
            else:
                cells.append("—")
        label = f"xlsx export {size:,} rows"
        print(f"{label:34}" + "".join(f"{c:>{width}}" for c in cells))
    print("(RSS: peak of a fresh process that loaded Django and wrote the file)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data-dir", default="")
    parser.add_argument("--postgres", default="auto", help="URL, auto or none")
    parser.add_argument("--child-pages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--no-export", action="store_true", help="the reports page only")
    args = parser.parse_args()
    if args.child_pages:
        return child_pages(args)
    if args.export:
        return child_export(args)

    results: dict[str, dict[str, Any]] = {}
    sqlite_dir = os.path.abspath(args.data_dir or tempfile.mkdtemp(prefix="kamitaiou-bench-"))
    os.makedirs(sqlite_dir, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    results["SQLite"] = run_database("SQLite", args, {**env, "BENCH_DATA_DIR": sqlite_dir})
    if args.postgres != "none":
        pg_env: dict[str, str] | None = None
        url = args.postgres
        if url == "auto":
            url, pg_env = start_postgres()
        try:
            pg_dir = tempfile.mkdtemp(prefix="kamitaiou-bench-pg-")
            results["PostgreSQL"] = run_database(
                "PostgreSQL", args, {**env, "DATABASE_URL": url, "BENCH_DATA_DIR": pg_dir}
            )
        finally:
            if pg_env is not None:
                subprocess.run(
                    [str(ROOT / "scripts/pg-test-server.sh"), "stop"], env=pg_env, check=False
                )
    print_table(results)


if __name__ == "__main__":
    main()
