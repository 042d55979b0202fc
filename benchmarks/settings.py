"""Settings of the benchmark run: the example site on PostgreSQL and Redis, plus the peers.

Everything the harness starts (the measuring process, gunicorn, celery workers) uses these.
"""

import os
from pathlib import Path

_BASE = Path(__file__).resolve().parent.parent
os.environ.setdefault("MELDCODE_VAR_DIR", str(_BASE / "var" / "bench"))
# Always the benchmark's own database and Redis, whatever DATABASE_URL says: the run drops
# the one and flushes the other.
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meldcode_bench")
os.environ["CELERY_BROKER_URL"] = os.environ.get(
    "BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")

from example_site.settings.base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = "bench-only-not-secret-wagtail-meldcode"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
INSTALLED_APPS = [  # noqa: F405
    "benchmarks.peers",
    "django_celery_beat",
    *INSTALLED_APPS,  # noqa: F405
]
ROOT_URLCONF = "benchmarks.urls"
# Connections live as long as in production behind a pooler-less gunicorn.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
# Workers write each e-mail to a file in BENCH_MAIL_DIR: real work that crosses processes.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("BENCH_MAIL_DIR", str(VAR_DIR / "mail"))  # noqa: F405
MELDCODE_ENCRYPTION_KEYS = ["p6Yc0s0b1bW9j2wqK8m0uQXyZl3sT4vN7eR1aD5fG8E="]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8100"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
