"""System checks: catch a missing or broken encryption key at start-up, not on first use;
and a password way in left open with single sign-on only."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import encryption, sso
from .conf import get_setting, setting_name


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    try:
        encryption._fernets()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="wagtail_meldcode.E001")]
    return []


#: Wagtail's password screens, which single sign-on only (``MELDCODE_SSO_ONLY``) switches off.
PASSWORD_SETTINGS = ("WAGTAIL_PASSWORD_MANAGEMENT_ENABLED", "WAGTAIL_PASSWORD_RESET_ENABLED",
                     "WAGTAILUSERS_PASSWORD_ENABLED")
#: Backends that log in with a password.
PASSWORD_BACKENDS = ("django.contrib.auth.backends.ModelBackend", "axes.backends.AxesBackend")


@checks.register(checks.Tags.security)
def check_single_sign_on_only(app_configs, **kwargs):
    """With ``MELDCODE_SSO_ONLY`` no password works anywhere: not at login, not in
    Wagtail's password screens."""
    if not get_setting("SSO_ONLY"):
        return []
    errors = [
        checks.Error(f"{setting_name('SSO_ONLY')} is on, so set {name} = False.",
                     id="wagtail_meldcode.E002")
        for name in PASSWORD_SETTINGS if getattr(settings, name, True) is not False
    ]
    if not sso.is_enabled():
        errors.append(checks.Error(
            f"{setting_name('SSO_ONLY')} is on, but neither {sso.OIDC_BACKEND} nor "
            f"{sso.SAML_BACKEND} is in AUTHENTICATION_BACKENDS: nobody could log in.",
            id="wagtail_meldcode.E003"))
    errors.extend(
        checks.Error(f"{setting_name('SSO_ONLY')} is on, so take {backend} (password login) out of "
                     "AUTHENTICATION_BACKENDS.", id="wagtail_meldcode.E004")
        for backend in PASSWORD_BACKENDS if backend in settings.AUTHENTICATION_BACKENDS
    )
    return errors
