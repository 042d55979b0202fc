"""The example site's Celery app reaches its broker: embedded by default, Redis when set.

Each check runs in a fresh process, as a worker would, so the broker comes from the
environment exactly as ``make demo`` and production configure it.
"""

import os
import socket
import subprocess
import sys
import threading
import uuid

import pytest
from django.conf import settings

from example_site.celery import app

#: One side of a round trip through the broker: ``send NAME TOKEN`` puts a message with
#: ``TOKEN`` on the queue ``NAME`` and prints the transport; ``receive NAME`` takes one
#: message from it and prints its token.
ROUND_TRIP = """
import sys
from example_site.celery import app
side, name = sys.argv[1], sys.argv[2]
with app.connection_for_write() as connection:
    queue = connection.SimpleQueue(name)
    if side == "send":
        queue.put({"token": sys.argv[3]})
        print(app.conf.broker_url.split(":")[0])
    else:
        message = queue.get(timeout=10)
        message.ack()
        queue.clear()
        print(message.payload["token"])
    queue.close()
"""


def round_trip(tmp_path, **env):
    """Send one message in one new process and read it back in another, as the site and
    a worker would; both run in an empty working directory. Returns the transport."""
    name, token = f"meldcode-test-{uuid.uuid4().hex}", uuid.uuid4().hex
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="example_site.settings.test",
        MELDCODE_VAR_DIR=str(tmp_path / "var"), PYTHONPATH=str(settings.BASE_DIR), **env
    )

    def run(*args):
        result = subprocess.run(
            [sys.executable, "-c", ROUND_TRIP, *args],
            env=environment, capture_output=True, text=True, timeout=60, cwd=workdir,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    transport = run("send", name, token)
    assert run("receive", name) == token  # the message the other process sent
    assert list(workdir.iterdir()) == []  # nothing written in the working directory
    return transport


def test_embedded_broker_needs_no_server(tmp_path):
    assert round_trip(tmp_path) == "filesystem"
    # Queue and exchange tables live in the var folder, and nothing outside it.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["var", "workdir"]
    assert (tmp_path / "var" / "celery" / "queue").is_dir()
    assert list((tmp_path / "var" / "celery" / "control").glob("meldcode-test-*.exchange"))


@pytest.mark.redis
def test_redis_broker_when_configured(tmp_path, redis_url):
    assert round_trip(tmp_path, CELERY_BROKER_URL=redis_url) == "redis"
    assert not (tmp_path / "var" / "celery").exists()


def test_celery_reads_the_django_settings():
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    assert app.conf.timezone == "Europe/Amsterdam"
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


PUBLISH = """
import django
django.setup()
from wagtail_meldcode import outbox
print(outbox.publish("send_reminder", [[1, 2], [3]]))
"""


def test_publishing_to_a_broker_that_does_not_answer_gives_up_after_one_try(tmp_path):
    """A check-in or a pass must not wait for a broker that is away: one connection
    attempt, bounded by the timeouts of the site's Redis transport options."""
    broker = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    attempts = []

    def accept():
        while True:
            try:
                attempts.append(broker.accept()[0])
            except OSError:
                return  # closed

    threading.Thread(target=accept, daemon=True).start()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings.test",
                   "MELDCODE_VAR_DIR": str(tmp_path),
                   "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker.getsockname()[1]}/0"}
    try:
        result = subprocess.run([sys.executable, "-c", PUBLISH], env=environment,
                                capture_output=True, text=True, timeout=60,
                                cwd=settings.BASE_DIR)
    finally:
        broker.close()
        for connection in attempts:
            connection.close()
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0\n"  # ids handed over
    assert len(attempts) == 1
