"""Settings for the test suite (``make test``)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-wagtail-meldcode"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A fixed key for tests only; tests of rotation set their own.
MELDCODE_ENCRYPTION_KEYS = ["kHh0XWq5yPnWb3QwBv8y1n2O7d4N3pJ0cQk2m6yV0aE="]
