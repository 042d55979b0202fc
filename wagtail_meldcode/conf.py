"""Deployment settings of the app, each a Django setting prefixed ``MELDCODE_``.

Settings that an editor changes per site live in :class:`MeldcodeSettings`; the values
here are what a developer or operator sets, and the defaults for new sites.
"""

from django.conf import settings

#: The value of a setting that has no default: :func:`get_setting` gives None when unset.
NO_DEFAULT = None

DEFAULTS = {
    #: The Fernet keys that encrypt case data at rest, a list, the current key first (see
    #: :mod:`wagtail_meldcode.encryption`). No default: without keys nothing is encrypted
    #: or decrypted, and the app says how to make a key.
    "ENCRYPTION_KEYS": NO_DEFAULT,
    #: Days between two follow-up checks for a new site (editable per site).
    "FOLLOWUP_INTERVAL_DAYS": 42,
    #: Days a case may stay in one step before its owner is reminded (editable per site).
    "STALLED_AFTER": 10,
    #: Hour of the day (Europe/Amsterdam) at which reminders fall due (editable per site).
    "REMINDER_HOUR": 9,
    #: Working days an unanswered reminder waits before it goes to the coordinators group.
    "ESCALATE_AFTER": 3,
    #: Seconds between two dispatch passes (the beat schedule of the example site).
    "DISPATCH_INTERVAL": 300,
    #: Seconds after which a delivery that was enqueued but not sent is enqueued again
    #: (the broker lost it, or no worker ran).
    "REQUEUE_AFTER": 600,
    #: Reminders planned per dispatch pass, at most; the next pass takes the rest.
    "DISPATCH_BATCH": 1000,
    #: E-mails (reminders, purge warnings) handed to one send task. A task sends them one
    #: by one, each marked sent in its own transaction, over one mail connection.
    "SEND_BATCH": 50,
    #: Two-factor login (TOTP) for everyone who can see case data. Switch it off for a
    #: demo only: every page then says so.
    "REQUIRE_2FA": True,
    #: Seconds without a request after which a user with case access is logged out.
    "SESSION_IDLE_TIMEOUT": 30 * 60,
    #: Seconds after logging in after which a user with case access is logged out anyway.
    "SESSION_ABSOLUTE_TIMEOUT": 10 * 60 * 60,
    #: Seconds before the idle timeout at which the page warns, and offers to stay.
    "SESSION_WARNING": 2 * 60,
    #: Days before the purge of a closed case that its coordinators are warned; a case is
    #: never purged sooner than this after its warning.
    "PURGE_WARNING_DAYS": 30,
    #: Rows per transaction when ``meldcode_rotate_keys`` re-encrypts stored values.
    "ROTATION_BATCH": 500,
    #: The largest attachment a case takes, in megabytes (MB, 1,000,000 bytes).
    "MAX_ATTACHMENT_MB": 20,
    #: The alias in Django's ``STORAGES`` where the encrypted attachments are kept: the
    #: default storage, or e.g. an S3 bucket of their own through django-storages.
    "ATTACHMENT_STORAGE": "default",
    #: The most own questions an editor may add to one step of the meldcode.
    "MAX_OWN_QUESTIONS": 30,
    #: Single sign-on (see :mod:`wagtail_meldcode.sso`): seconds after which a sign-on is
    #: checked again at the identity provider, and the roles taken from its groups anew.
    "SSO_REFRESH": 15 * 60,
    #: The ``amr`` or ``acr`` values of an ID token, or the ``AuthnContextClassRef`` of a
    #: SAML assertion, that count as two-factor login; with one of them the app's own
    #: code step is skipped.
    "SSO_TRUSTED_MFA": (),
    #: Count every sign-on of the provider as two-factor login, whatever its token says
    #: (Entra ID with Conditional Access says nothing). See docs/security.md for the risk.
    "SSO_TRUST_PROVIDER_MFA": False,
    #: The claim of the ID token (or user info) that lists the user's groups.
    "SSO_GROUPS_CLAIM": "groups",
    #: Single sign-on only: no password login, no password screens; a superuser gets in
    #: with a one-time link from ``manage.py meldcode_break_glass``.
    "SSO_ONLY": False,
    #: The provider's name on the login button ("Log in with ..."); empty: "your
    #: organisation's account".
    "SSO_PROVIDER_NAME": "",
    #: SAML 2.0: the attribute of the assertion that lists the user's groups.
    "SAML_GROUPS_ATTRIBUTE": "isMemberOf",
    #: SAML 2.0: the IdP's name on its login button, e.g. "Kennisnet Entree".
    "SAML_PROVIDER_NAME": "",
}


def setting_name(name):
    """The Django setting of the meldcode setting ``name``: ``MELDCODE_<name>``."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown meldcode setting {name!r}")
    return f"MELDCODE_{name}"


def get_setting(name):
    """Return ``settings.MELDCODE_<name>``, or its default."""
    return getattr(settings, setting_name(name), DEFAULTS[name])
