"""Throughput of bench/inbox.py's pages under gunicorn: requests per second and p50/p95
at a fixed concurrency, a logged-in session, one path after the other.

The load comes from threads of this process on the same machine (2 cores here, shared
with gunicorn and with whatever else runs), so the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _wait_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def load(port: int, path: str, cookie: str, *, seconds: float, concurrency: int) -> dict:
    """``concurrency`` threads GET ``path`` for ``seconds``; rate and latencies."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < stop:
            start = time.perf_counter()
            status = _get(port, path, cookie)
            took = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    times.append(took)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    times.sort()
    return {
        "rate": len(times) / elapsed,
        "p50": statistics.median(times) if times else 0.0,
        "p95": times[int(len(times) * 0.95) - 1] if len(times) >= 20 else 0.0,
        "errors": errors[0],
    }


def serve_and_load(
    *, session: str, paths: dict[str, str], workers: int, seconds: float, concurrency: int
) -> None:
    from django.conf import settings

    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "bench.inbox_wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_up(port, time.monotonic() + 60)
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        for path in paths.values():  # every worker warm
            for _ in range(workers * 2):
                _get(port, path, cookie)
        print(
            f"gunicorn {workers} workers (sync), concurrency {concurrency}, {seconds:.0f} s each "
            f"({os.cpu_count()} cores, shared with the load threads):"
        )
        print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        for name, path in paths.items():
            row = load(port, path, cookie, seconds=seconds, concurrency=concurrency)
            print(
                f"{name:32} {row['rate']:8.1f} {row['p50']:8.1f} {row['p95']:8.1f} "
                f"{row['errors']:7d}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
