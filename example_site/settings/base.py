"""Settings shared by every environment of the example intranet."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MELDCODE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "example_site.intranet",
    "wagtail_meldcode",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "formtools",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "example_site.intranet.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail_meldcode.middleware.SessionTimeoutMiddleware",
    "wagtail_meldcode.middleware.TwoFactorMiddleware",
    "wagtail_meldcode.middleware.AdminRefusalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes): five failed attempts for one username from one address
# lock that combination out for a quarter of an hour. The message never says whether
# the username exists.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "wagtail_meldcode/lockout.html"
# Password logins are POSTs; a GET is never locked out nor counted, so a refused single
# sign-on (the provider's answer is a GET) never locks out everyone behind one address.
AXES_NEVER_LOCKOUT_GET = True

# Two-factor login: the name the authenticator app shows.
OTP_TOTP_ISSUER = "Meldcode intranet"

# Sessions live in the database, so logging out ends them on the server. The app logs
# users with case access out after MELDCODE_SESSION_IDLE_TIMEOUT and
# MELDCODE_SESSION_ABSOLUTE_TIMEOUT; the cookie itself ends with the browser.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on the intranet: nothing inline, nothing from
# elsewhere. The Wagtail admin gets ADMIN_CONTENT_SECURITY_POLICY instead (it needs
# inline styles and scripts); see example_site/intranet/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite in var/ unless DATABASE_URL says otherwise (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'meldcode.sqlite3'}", conn_max_age=60
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_USER_LOGIN_FORM = "example_site.intranet.forms.AdminLoginForm"

WAGTAIL_SITE_NAME = "Intranet"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No avatars from Gravatar: it would tell a third party who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Keys that encrypt case data at rest, comma separated: the first encrypts, all decrypt.
MELDCODE_ENCRYPTION_KEYS = [
    key.strip() for key in os.environ.get("MELDCODE_ENCRYPTION_KEYS", "").split(",")
    if key.strip()
]

# Celery: Redis when CELERY_BROKER_URL is set (redis://127.0.0.1:6379/0), otherwise an
# embedded broker on the file system that needs no server (one machine only).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "data_folder_processed": str(VAR_DIR / "celery" / "processed"),
        # Exchange tables, "control" in the working directory unless told otherwise.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
else:
    # Tasks are acknowledged late; an unacknowledged task (its worker died) goes back to
    # the queue after the visibility timeout, well above any task's run time. A broker
    # that is away must not hold up a check-in: reaching it, and each answer from it,
    # may take MELDCODE_BROKER_TIMEOUT seconds (the app publishes with one try).
    BROKER_TIMEOUT = float(os.environ.get("MELDCODE_BROKER_TIMEOUT", 1))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("MELDCODE_VISIBILITY_TIMEOUT", 3600)),
        "socket_connect_timeout": BROKER_TIMEOUT,
        "socket_timeout": BROKER_TIMEOUT,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# One pass over the due follow-ups every MELDCODE_DISPATCH_INTERVAL seconds. The pass
# itself finds what is due in the database; beat only says "look now".
MELDCODE_DISPATCH_INTERVAL = int(os.environ.get("MELDCODE_DISPATCH_INTERVAL", 300))
CELERY_BEAT_SCHEDULE = {
    "meldcode-dispatch-due-followups": {
        "task": "wagtail_meldcode.dispatch_due_followups",
        "schedule": MELDCODE_DISPATCH_INTERVAL,
        # A pass that waited longer than an interval is superseded by the next one.
        "options": {"expires": MELDCODE_DISPATCH_INTERVAL},
    },
    # Retention: warn coordinators before a purge, then remove the content of expired
    # cases. Hourly; the pass finds what is due in the database, so a missed hour is
    # caught up by the next.
    "meldcode-purge-expired-cases": {
        "task": "wagtail_meldcode.purge_expired_cases",
        "schedule": 3600,
        "options": {"expires": 3600},
    },
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "meldcode@intranet.invalid")

# Single sign-on with the organisation's identity provider (OpenID Connect, the [oidc]
# extra): on when OIDC_RP_CLIENT_ID is set. The README's "Single sign-on" section has
# the values for Microsoft Entra ID and for any other provider.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_ISSUER = os.environ["OIDC_OP_ISSUER"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ["OIDC_OP_JWKS_ENDPOINT"]
    OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    MELDCODE_SSO_PROVIDER_NAME = os.environ.get("MELDCODE_SSO_PROVIDER_NAME", "")
    MELDCODE_SSO_TRUSTED_MFA = os.environ.get("MELDCODE_SSO_TRUSTED_MFA", "").split()
    MELDCODE_SSO_ONLY = os.environ.get("MELDCODE_SSO_ONLY", "").lower() == "true"
    AUTHENTICATION_BACKENDS = [
        *([] if MELDCODE_SSO_ONLY else AUTHENTICATION_BACKENDS),
        "wagtail_meldcode.sso.oidc.OidcBackend",
        "wagtail_meldcode.sso.break_glass.BreakGlassBackend",
    ]
    MIDDLEWARE.insert(MIDDLEWARE.index("wagtail_meldcode.middleware.SessionTimeoutMiddleware") + 1,
                      "wagtail_meldcode.sso.middleware.SingleSignOnMiddleware")
    if MELDCODE_SSO_ONLY:
        WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
        WAGTAIL_PASSWORD_RESET_ENABLED = False
        WAGTAILUSERS_PASSWORD_ENABLED = False

# Single sign-on with a SAML 2.0 identity provider (the [saml] extra), next to or instead
# of OpenID Connect: on when SAML_IDP_METADATA (a file or URL of the IdP's metadata) is
# set. The README's "Single sign-on (SAML 2.0)" section has the values for Kennisnet
# Entree and for any other IdP.
SAML_IDP_METADATA = os.environ.get("SAML_IDP_METADATA", "")
if SAML_IDP_METADATA:
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.saml import NAMEID_FORMAT_PERSISTENT

    SAML_BASE_URL = os.environ["SAML_BASE_URL"].rstrip("/")  # e.g. https://intranet.example.nl
    SAML_CONFIG = {
        "entityid": f"{SAML_BASE_URL}/sso/saml/metadata/",
        "xmlsec_binary": os.environ.get("SAML_XMLSEC1", "/usr/bin/xmlsec1"),
        "key_file": os.environ["SAML_KEY_FILE"],
        "cert_file": os.environ["SAML_CERT_FILE"],
        "service": {"sp": {
            "name": "Meldcode intranet",
            "endpoints": {
                "assertion_consumer_service": [
                    (f"{SAML_BASE_URL}/sso/saml/acs/", BINDING_HTTP_POST)],
                "single_logout_service": [
                    (f"{SAML_BASE_URL}/sso/saml/ls/", BINDING_HTTP_REDIRECT)],
            },
            "name_id_format": NAMEID_FORMAT_PERSISTENT,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "allow_unsolicited": False,
            "only_use_keys_in_metadata": True,
            "logout_requests_signed": True,
        }},
        "metadata": (
            {"remote": [{"url": SAML_IDP_METADATA,
                         "cert": os.environ.get("SAML_IDP_METADATA_CERT") or None}]}
            if SAML_IDP_METADATA.startswith("https://") else {"local": [SAML_IDP_METADATA]}
        ),
    }
    SAML_CONFIG_LOADER = "wagtail_meldcode.sso.saml.config_loader"
    MELDCODE_SAML_GROUPS_ATTRIBUTE = os.environ.get("MELDCODE_SAML_GROUPS_ATTRIBUTE",
                                                    "isMemberOf")
    MELDCODE_SAML_PROVIDER_NAME = os.environ.get("MELDCODE_SAML_PROVIDER_NAME", "")
    MELDCODE_SSO_TRUSTED_MFA = [*globals().get("MELDCODE_SSO_TRUSTED_MFA", []),
                                *os.environ.get("MELDCODE_SAML_TRUSTED_MFA", "").split()]
    MELDCODE_SSO_ONLY = os.environ.get("MELDCODE_SSO_ONLY", "").lower() == "true"
    INSTALLED_APPS.append("djangosaml2")
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                      "djangosaml2.middleware.SamlSessionMiddleware")
    if "wagtail_meldcode.sso.middleware.SingleSignOnMiddleware" not in MIDDLEWARE:
        MIDDLEWARE.insert(
            MIDDLEWARE.index("wagtail_meldcode.middleware.SessionTimeoutMiddleware") + 1,
            "wagtail_meldcode.sso.middleware.SingleSignOnMiddleware")
    AUTHENTICATION_BACKENDS = [
        *(backend for backend in AUTHENTICATION_BACKENDS if not (
            MELDCODE_SSO_ONLY and backend in ("axes.backends.AxesBackend",
                                              "django.contrib.auth.backends.ModelBackend"))
          and backend != "wagtail_meldcode.sso.break_glass.BreakGlassBackend"),
        "wagtail_meldcode.sso.saml.SamlBackend",
        "wagtail_meldcode.sso.break_glass.BreakGlassBackend",
    ]
    if MELDCODE_SSO_ONLY:
        WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
        WAGTAIL_PASSWORD_RESET_ENABLED = False
        WAGTAILUSERS_PASSWORD_ENABLED = False
