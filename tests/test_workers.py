"""The worker processes that the reliability tests start do not outlive the test run."""

import os
import signal
import subprocess
import sys

import pytest

from tests.workers import ROOT, group_alive, wait_for

#: A test run in miniature: it starts a worker (embedded broker, its own SQLite) and
#: waits to be killed.
RUN = """
import sys, time
from pathlib import Path
from tests.workers import Worker
worker = Worker({"MELDCODE_VAR_DIR": sys.argv[1]}, Path(sys.argv[1]) / "worker.log").start()
print(worker.process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_a_killed_test_run_leaves_no_worker_behind(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "DATABASE_URL")}
    run = subprocess.Popen([sys.executable, "-c", RUN, str(tmp_path)], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, text=True)
    group = int(run.stdout.readline())
    try:
        log = tmp_path / "worker.log"
        wait_for(lambda: log.exists() and " ready." in log.read_text(), message="the worker")
        run.kill()  # kill -9 of the test run: no teardown, no atexit
        run.wait(timeout=10)
        wait_for(lambda: not group_alive(group), 10, "the worker group to die with its run")
    finally:
        run.kill()
        run.stdout.close()
        if group_alive(group):
            os.killpg(group, signal.SIGKILL)
