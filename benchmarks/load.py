"""Measurement 6: locust's simulated staff against gunicorn (2 workers) on PostgreSQL."""

import csv
import json
import socket
import sys
import time

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY

from . import processes
from .timing import RUNS, Row
from .web import peer_pages, second_factor

USERS = 100


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


def locust(port, keys, user_class, *, log_dir, seconds, env):
    """One locust run of ``user_class`` for ``seconds``: its stats per request name, its
    aggregated stats, and how long it ran."""
    prefix = log_dir / f"locust-{user_class}"
    process = processes.start(
        [sys.executable, "-m", "locust", "-f", str(processes.ROOT / "benchmarks" /
                                                  "locustfile.py"), user_class,
         "--headless", "--users", str(USERS), "--spawn-rate", "10",
         "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
         "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
        log=log_dir / "locust.log",
        env={"BENCH_SESSIONS": json.dumps(keys), "PYTHONPATH": str(processes.ROOT), **env},
    )
    start = time.monotonic()
    process.wait(timeout=seconds + 120)
    elapsed = time.monotonic() - start
    processes.stop(process)
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        stats = {row["Name"]: row for row in csv.DictReader(stats_file)}
    return stats, stats.pop("Aggregated"), elapsed


def run(results, dataset, *, log_dir, seconds):
    """Our mix and the peer's, each :data:`RUNS` times, alternating, on one server."""
    pages = peer_pages(dataset)
    env = {"BENCH_PEER_PAGES": json.dumps(
        {"form": pages.form.url, "step": pages.plain.url, "index": pages.index.url})}
    port = free_port()
    keys = session_keys(dataset.staff[:USERS])
    connection.close()  # leave the database to the server
    server = processes.start(
        [sys.executable, "-m", "gunicorn", "example_site.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--log-level", "warning"],
        log=log_dir / "gunicorn.log",
    )
    measured = {"PeerMember": [], "StaffMember": []}
    try:
        processes.wait_for_http(f"http://127.0.0.1:{port}/accounts/login/")
        for n in range(RUNS):
            for user_class, runs in measured.items():
                print(f"   load run {n + 1} of {RUNS}: {user_class}", flush=True)
                runs.append(locust(port, keys, user_class, log_dir=log_dir, seconds=seconds,
                                   env=env))
    finally:
        processes.stop(server)
    label = f"{USERS} staff, gunicorn 2 workers, {seconds} s"
    peer = results.add(load_row("load_peer", f"load p95, the same mix on plain pages and a "
                                f"form page: {label}", measured["PeerMember"]))
    row = load_row("load", f"load p95, our mix: {label}", measured["StaffMember"])
    row.peer, row.check, row.limit = peer.key, "max_ratio", 1.5
    row.target = "ratio <= 1.5, no errors"
    row.failed = any(int(total["Failure Count"]) for _stats, total, _s in measured["StaffMember"])
    return results.add(row), {
        "load_runs": {user_class: [{"requests": {n: dict(r) for n, r in stats.items()},
                                    "total": dict(total), "seconds": round(elapsed)}
                                   for stats, total, elapsed in runs]
                      for user_class, runs in measured.items()}}


def load_row(key, label, runs):
    """The p95 of each run, with what else locust counted."""
    row = Row(key, label, [[float(total["95%"]) / 1000] for _stats, total, _s in runs])
    for n, (stats, total, elapsed) in enumerate(runs, start=1):
        slowest = sorted(stats.values(), key=lambda r: -float(r["95%"]))[:3]
        row.notes.append(
            f"run {n}: {int(total['Request Count']):,} requests, {total['Failure Count']} "
            f"failed, {float(total['Requests/s']):.1f} requests/s, median {total['50%']} ms, "
            f"p99 {total['99%']} ms (locust ran {elapsed:.0f} s); slowest p95: "
            + ", ".join(f"{r['Name']} {r['95%']} ms" for r in slowest))
    return row
