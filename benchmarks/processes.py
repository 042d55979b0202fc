"""Child processes of the run (gunicorn, celery workers, locust), always cleaned up.

Each child runs in a process group of its own; :func:`stop_all` ends every group this run
started, on a normal end, an error, Ctrl-C or SIGTERM.
"""

import atexit
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_started = []


def start(args, *, log, env=None):
    """Start ``args`` in a new process group, output to the file ``log``."""
    log = open(log, "ab")  # noqa: SIM115 - closed in stop()
    process = subprocess.Popen(
        args, cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
                             **(env or {})},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    process.log = log
    _started.append(process)
    return process


def stop(process, timeout=20):
    """End ``process`` and its group: SIGTERM, then SIGKILL."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
    # Children that outlived their leader (killpg on a group whose leader is gone).
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.log.close()
    if process in _started:
        _started.remove(process)


def stop_all():
    for process in list(_started):
        stop(process)


def _on_signal(signum, frame):
    stop_all()
    sys.exit(128 + signum)


def install_cleanup():
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def wait_for_http(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Workers:
    """Celery worker processes of the example site, each with one child process."""

    def __init__(self, count, log_dir):
        self.count = count
        self.log_dir = Path(log_dir)
        self.mail_dir = self.log_dir / "mail"
        self.processes = []

    def __enter__(self):
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        for n in range(self.count):
            self.processes.append(start(
                [sys.executable, "-m", "celery", "-A", "example_site", "worker", "-c", "1",
                 "--loglevel", "WARNING", "--without-mingle", "--without-gossip",
                 "--without-heartbeat", "-n", f"bench{n}-{os.getpid()}@%h"],
                log=self.log_dir / f"worker{n}.log",
                env={"BENCH_MAIL_DIR": str(self.mail_dir)},
            ))
        self.wait_ready()
        return self

    def wait_ready(self, timeout=60):
        from example_site.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0) or []
            if len(replies) >= self.count:
                return
        raise RuntimeError("celery workers did not start; see var/bench/worker*.log")

    def __exit__(self, *exc):
        for process in self.processes:
            stop(process)

    def clear_mail(self):
        for path in self.mail_dir.iterdir():
            path.unlink()

    def last_mail_time(self):
        """When the last e-mail file was written (seconds since the epoch)."""
        return max(path.stat().st_mtime for path in self.mail_dir.iterdir())

    def mail_count(self):
        return sum(path.read_bytes().count(b"\nMessage-ID:") for path in self.mail_dir.iterdir())
