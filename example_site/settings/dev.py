"""Settings for ``make demo`` on a developer's machine."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-wagtail-meldcode")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if not MELDCODE_ENCRYPTION_KEYS:  # noqa: F405
    # The demo makes its own key, once, and keeps it beside its database.
    from cryptography.fernet import Fernet

    _key_file = VAR_DIR / "encryption.key"  # noqa: F405
    if not _key_file.exists():
        _key_file.touch(mode=0o600)
        _key_file.write_text(Fernet.generate_key().decode())
    MELDCODE_ENCRYPTION_KEYS = [_key_file.read_text().strip()]

# Two-factor login is on in the demo too; MELDCODE_REQUIRE_2FA=false switches it off, and
# every intranet page then says so.
MELDCODE_REQUIRE_2FA = os.environ.get("MELDCODE_REQUIRE_2FA", "true").lower() != "false"
