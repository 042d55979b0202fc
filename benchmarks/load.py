"""Measurement 6: locust's simulated staff against gunicorn (2 workers) on PostgreSQL."""

import csv
import json
import os
import socket
import sys
import time

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY

from . import processes
from .timing import Row
from .web import second_factor

USERS = 50


def free_port(first=8100, last=8199):
    for port in range(first, last + 1):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8199")


def session_keys(users):
    """A logged-in session per user, past the second factor, as a login would make it."""
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = second_factor(user).persistent_id
        session.create()
        keys.append(session.session_key)
    return keys


def run(results, dataset, *, log_dir, seconds):
    port = free_port()
    keys = session_keys(dataset.staff[:USERS])
    connection.close()  # leave the database to the server
    server = processes.start(
        [sys.executable, "-m", "gunicorn", "example_site.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--log-level", "warning"],
        log=log_dir / "gunicorn.log",
    )
    try:
        processes.wait_for_http(f"http://127.0.0.1:{port}/accounts/login/")
        prefix = log_dir / "locust"
        locust = processes.start(
            [sys.executable, "-m", "locust", "-f", str(processes.ROOT / "benchmarks" /
                                                      "locustfile.py"),
             "--headless", "--users", str(USERS), "--spawn-rate", "10",
             "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
            log=log_dir / "locust.log",
            env={"BENCH_SESSIONS": json.dumps(keys), "PYTHONPATH": str(processes.ROOT)},
        )
        start = time.monotonic()
        locust.wait(timeout=seconds + 120)
        elapsed = time.monotonic() - start
        processes.stop(locust)
    finally:
        processes.stop(server)
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        stats = {row["Name"]: row for row in csv.DictReader(stats_file)}
    total = stats.pop("Aggregated")
    p95 = float(total["95%"])
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    row = Row("load", f"load p95: {USERS} staff, gunicorn 2 workers, {seconds} s",
              [p95 / 1000], target="p95 <= 250 ms, no errors", check="max_median", limit=250,
              failed=failures > 0)
    row.notes.append(
        f"{requests:,} requests, {failures} failed, {float(total['Requests/s']):.1f} "
        f"requests/s, median {total['50%']} ms, p99 {total['99%']} ms (locust ran "
        f"{elapsed:.0f} s)")
    slowest = sorted(stats.values(), key=lambda r: -float(r["95%"]))[:3]
    row.notes.append("slowest p95: " + ", ".join(f"{r['Name']} {r['95%']} ms" for r in slowest))
    if failures:
        row.notes.append(f"{failures} requests failed: see {prefix}_failures.csv")
    os.environ.pop("BENCH_SESSIONS", None)
    return results.add(row), {"load_requests": {n: dict(r) for n, r in stats.items()},
                              "load_total": dict(total)}
