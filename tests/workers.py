"""``celery worker`` processes for the reliability tests, tied to the test run that starts them.

A worker left behind by an interrupted run would consume the next run's queue. So each
worker is a process group of its own that is killed when the test is done (the
``workers`` fixture) or the interpreter exits, and that dies with the process that
started it, even by ``kill -9``: the kernel signals the group's guard
(:mod:`tests.worker_guard`, Linux ``PR_SET_PDEATHSIG``), which kills the whole group.
Celery's own death signal on its pool children is not enough: a child forked just
before the worker died may not have set it yet.
"""

import atexit
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1

#: The workers of this process that may still run.
running = set()


def die_with(parent):
    """A ``preexec_fn`` that has the kernel tell the child's guard when ``parent`` dies."""
    libc = ctypes.CDLL(None, use_errno=True)

    def tie():
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGUSR1) != 0:
            os._exit(125)
        if os.getppid() != parent:  # the parent died before the tie was made
            os._exit(125)

    return tie


class Worker:
    """A ``celery worker`` process group of the example site, killable as a whole."""

    def __init__(self, env, log_path):
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings.test", **env}
        self.log_path = log_path
        self.process = None

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.worker_guard",
                 sys.executable, "-m", "celery", "-A", "example_site", "worker", "-c", "2",
                 "--loglevel", "INFO", "--without-mingle", "--without-gossip",
                 "--without-heartbeat", "-n", f"test-{time.monotonic_ns()}@%h"],
                env=self.env, cwd=ROOT, stdout=log, stderr=log,
                start_new_session=True, preexec_fn=die_with(os.getpid()),
            )
        running.add(self)
        return self

    def kill(self):
        """Kill the whole group and wait until none of it is left."""
        running.discard(self)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        # The pool's children die with the group, but on a busy machine a moment later
        # than the parent: wait until none is left, so their connections are closed.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and group_alive(self.process.pid):
            time.sleep(0.05)

    def stop(self):
        """Stop the worker warmly (its tasks finish), or kill it after 20 seconds."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


def group_alive(group):
    """Whether a process of ``group`` still runs (a zombie, dead but not reaped, does not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended while we looked
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            return True
    return False


def wait_for(condition, timeout=60, message="condition"):
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.1)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_idle(app, redis, workers=1, timeout=60):
    """Wait until no task is left anywhere; fail after ``timeout`` seconds, saying where.

    Nothing may wait in the default queue of ``redis`` (a ``redis.Redis`` client of the
    broker), nor be unacknowledged there (a dead worker's tasks stay so until Redis hands
    them out again after the visibility timeout), and each of the ``workers`` running
    workers of ``app`` must answer that it runs, holds or has scheduled none.
    """
    queue = app.conf.task_default_queue
    left = {}

    def idle():
        left.clear()
        left["queued"] = redis.llen(queue)
        left["unacknowledged"] = redis.hlen("unacked")
        if left["queued"] or left["unacknowledged"]:
            return False
        inspect = app.control.inspect(timeout=1)
        for state in ("active", "reserved", "scheduled"):
            replies = getattr(inspect, state)() or {}
            left[state] = {name: len(tasks) for name, tasks in replies.items()}
            if len(replies) != workers or any(left[state].values()):
                return False
        return True

    deadline = time.monotonic() + timeout
    while not idle():
        if time.monotonic() > deadline:
            raise AssertionError(f"the workers did not become idle in {timeout} s: {left}")
        time.sleep(0.2)


@atexit.register
def kill_all():
    """Kill every worker still running: the test that started it is over."""
    for worker in list(running):
        worker.kill()
