"""PostgreSQL and Redis for the run; usable before Django is set up."""

import os

import psycopg
import redis

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meldcode_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def recreate_database(url=DATABASE_URL):
    """Drop and create the benchmark database (only one whose name starts meldcode_bench)."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    name = info["dbname"]
    if not name.startswith("meldcode_bench"):
        raise SystemExit(f"Refusing to recreate {name!r}: the name must start meldcode_bench.")
    with psycopg.connect(**{**info, "dbname": "postgres"}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(url=REDIS_URL):
    """Empty the benchmark's Redis database (and only that one)."""
    redis.Redis.from_url(url).flushdb()


def check():
    """Say what is missing, or None when PostgreSQL and Redis answer."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(DATABASE_URL)
        psycopg.connect(**{**info, "dbname": "postgres"}, connect_timeout=5).close()
    except psycopg.Error as error:
        return f"PostgreSQL at {DATABASE_URL} does not answer: {error}"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        return f"Redis at {REDIS_URL} does not answer: {error}"
    return None
