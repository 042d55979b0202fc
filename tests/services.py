"""Are the services the suite runs against reachable? One place for the Makefile and tests.

``python -m tests.services postgres URL`` and ``python -m tests.services redis URL`` exit 0
when the service answers and 1 (with the reason on stderr) when it does not.
"""

import os
import sys

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def redis_url():
    """The Redis database of this test process: the one of ``MELDCODE_TEST_REDIS_URL`` for
    a run without pytest-xdist or its first worker, the one below it for the second
    worker (``gw1``), and so on, so that no two workers flush each other's queues."""
    url = os.environ.get("MELDCODE_TEST_REDIS_URL", DEFAULT_REDIS_URL)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    base, _slash, db = url.rpartition("/")
    if worker > int(db):
        raise ValueError(f"{url} leaves no Redis database for xdist worker gw{worker}")
    return f"{base}/{int(db) - worker}"


def check_postgres(url):
    """Return None when PostgreSQL at ``url`` answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
            return None
    except psycopg.Error as error:
        return str(error).strip()


def check_redis(url):
    """Return None when Redis at ``url`` answers PING, else the reason it does not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        return None
    except redis.RedisError as error:
        return str(error).strip()


if __name__ == "__main__":
    service, url = sys.argv[1], sys.argv[2]
    reason = {"postgres": check_postgres, "redis": check_redis}[service](url)
    if reason:
        print(f"{service} at {url} is not reachable: {reason}", file=sys.stderr)
        sys.exit(1)
