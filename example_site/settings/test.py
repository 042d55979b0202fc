"""Settings for the test suite (``make test``)."""

import importlib.util
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

# Single sign-on against the test identity provider (tests/oidc_provider), which runs on
# a port of its own: the oidc_provider fixture points the endpoints at it.
OIDC_RP_CLIENT_ID = "meldcode-intranet"
OIDC_RP_CLIENT_SECRET = "test-only-client-secret"
OIDC_OP_ISSUER = "http://127.0.0.1:9/o"
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{OIDC_OP_ISSUER}/authorize/"
OIDC_OP_TOKEN_ENDPOINT = f"{OIDC_OP_ISSUER}/token/"
OIDC_OP_USER_ENDPOINT = f"{OIDC_OP_ISSUER}/userinfo/"
OIDC_OP_JWKS_ENDPOINT = f"{OIDC_OP_ISSUER}/.well-known/jwks.json"
OIDC_OP_LOGOUT_ENDPOINT = f"{OIDC_OP_ISSUER}/logout/"
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_TIMEOUT = 10
AUTHENTICATION_BACKENDS = [
    *AUTHENTICATION_BACKENDS,  # noqa: F405
    "wagtail_meldcode.sso.oidc.OidcBackend",
    "wagtail_meldcode.sso.break_glass.BreakGlassBackend",
]
MIDDLEWARE.insert(  # noqa: F405
    MIDDLEWARE.index("wagtail_meldcode.middleware.SessionTimeoutMiddleware") + 1,  # noqa: F405
    "wagtail_meldcode.sso.middleware.SingleSignOnMiddleware",
)

# Single sign-on with SAML 2.0 against the test IdP (tests/saml_idp), when the [saml]
# extra is installed: the saml fixture points SAML_CONFIG at the IdP's port.
if importlib.util.find_spec("djangosaml2"):
    INSTALLED_APPS.append("djangosaml2")  # noqa: F405
    AUTHENTICATION_BACKENDS.append("wagtail_meldcode.sso.saml.SamlBackend")
    MIDDLEWARE.insert(  # noqa: F405
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,  # noqa: F405
        "djangosaml2.middleware.SamlSessionMiddleware",
    )
    SAML_CONFIG = {}
    SAML_CONFIG_LOADER = "wagtail_meldcode.sso.saml.config_loader"
    # The browser tests run on http://localhost, where SameSite=None needs Secure.
    SAML_SESSION_COOKIE_SAMESITE = "Lax"
    MELDCODE_SAML_PROVIDER_NAME = "Test-IdP"
