"""Run a command, and kill the whole process group with it when the test run dies.

``python -m tests.worker_guard COMMAND...`` is what :class:`tests.workers.Worker` starts:
the guard leads the worker's process group and gets ``SIGUSR1`` from the kernel when the
test run that started it dies (``PR_SET_PDEATHSIG``, set by the test run). It then kills
every process of the group, itself included: the worker and each pool child it forked,
also a child that has not yet set a death signal of its own. ``SIGTERM`` to the group
stops the worker warmly; the guard waits for it and leaves with its exit code.
"""

import os
import signal
import subprocess
import sys


def main(command):
    signal.signal(signal.SIGUSR1, lambda signum, frame: os.killpg(0, signal.SIGKILL))
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    worker = subprocess.Popen(command, preexec_fn=lambda: signal.signal(
        signal.SIGTERM, signal.SIG_DFL))
    return worker.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
