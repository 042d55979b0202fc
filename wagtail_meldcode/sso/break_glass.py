"""Break-glass login: a superuser gets in without the identity provider, from the
command line only (``manage.py meldcode_break_glass <username>``).

The command prints a link that works once, for ten minutes: the token is signed with
``SECRET_KEY`` and bound to the user's last login, which the login itself changes. The
app's own two-factor step still follows.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.core import signing
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.crypto import constant_time_compare, salted_hmac

from ..permissions import break_glass_users
from .audit import SsoAction, record_sso_event

SALT = "wagtail_meldcode.sso.break_glass"
#: Seconds a break-glass link works.
MAX_AGE = 10 * 60
#: The backend that logs in with a break-glass token.
BACKEND = "wagtail_meldcode.sso.break_glass.BreakGlassBackend"


def _fingerprint(user):
    last_login = user.last_login.isoformat() if user.last_login else ""
    return salted_hmac(SALT, f"{user.pk}:{last_login}:{user.password}").hexdigest()


def make_token(user):
    """A one-time login token for the superuser ``user``."""
    if not break_glass_users().filter(pk=user.pk).exists():
        raise ValueError("Only an active superuser gets a break-glass login.")
    return signing.dumps({"user": user.pk, "fingerprint": _fingerprint(user)}, salt=SALT)


def user_for_token(token):
    """The superuser ``token`` was made for, while it is fresh and unused; else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    user = break_glass_users().filter(pk=data.get("user")).first()
    if user is None or not constant_time_compare(_fingerprint(user), data.get("fingerprint", "")):
        return None
    return user


class BreakGlassBackend(ModelBackend):
    """Logs in with a break-glass token only; never with a password."""

    def authenticate(self, request, break_glass_token=None):
        return user_for_token(break_glass_token) if break_glass_token else None


def login(request, token):
    """The break-glass link: a button (a link opened by a scanner logs no one in)."""
    user = user_for_token(token)
    if user is None:
        record_sso_event(request, SsoAction.REFUSED, reason="break_glass")
        return TemplateResponse(request, "wagtail_meldcode/sso/break_glass.html",
                                {"valid": False}, status=403)
    if request.method == "POST":
        user = auth.authenticate(request, break_glass_token=token)
        auth.login(request, user, backend=BACKEND)
        record_sso_event(request, SsoAction.LOGIN, user=user, reason="break_glass")
        return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    return TemplateResponse(request, "wagtail_meldcode/sso/break_glass.html",
                            {"valid": True, "username": user.get_username()})
