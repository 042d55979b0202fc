"""Settings for the test suite (``make test``)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-wagtail-meldcode"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In-memory mail, except for the reliability tests: their worker processes send to a
# local SMTP server that the test runs (the true edge).
EMAIL_BACKEND = os.environ.get(
    "MELDCODE_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("MELDCODE_TEST_SMTP_PORT", 25))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A fixed key for tests only; tests of rotation set their own.
MELDCODE_ENCRYPTION_KEYS = ["kHh0XWq5yPnWb3QwBv8y1n2O7d4N3pJ0cQk2m6yV0aE="]
if not CELERY_BROKER_URL.startswith("filesystem://"):  # noqa: F405
    # The reliability tests give Redis a visibility timeout of seconds: let a worker look
    # for a dead worker's tasks every second, not every 100 (kombu: 10 s, every 10th time).
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
