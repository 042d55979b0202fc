"""Session rules for everyone who can see case data: two-factor login and timeouts; and
the log of attempts on the meldcode's admin URLs that Wagtail refuses itself.

Add them after Django's ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware``::

    "django_otp.middleware.OTPMiddleware",
    "wagtail_meldcode.middleware.SessionTimeoutMiddleware",
    "wagtail_meldcode.middleware.TwoFactorMiddleware",
    "wagtail_meldcode.middleware.AdminRefusalMiddleware",
"""

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .conf import get_setting
from .permissions import handles_case_data, record_refused_by_admin_access
from .sso import BACKENDS as SSO_BACKENDS

#: Session keys: when the user logged in, and when they last did something.
STARTED = "meldcode_session_started"
LAST_SEEN = "meldcode_session_last_seen"
#: Activity is written to the session at most this often (seconds), not on every request.
LAST_SEEN_RESOLUTION = 30
#: A form posted with this field saves the draft and then logs out: the idle timeout
#: arrived while the page was open (see ``static/wagtail_meldcode/js/session.js``).
IDLE_LOGOUT_FIELD = "meldcode_idle_logout"
#: Session key: the identity provider did the second factor at sign-on (see
#: :func:`wagtail_meldcode.sso.signon.provider_mfa`), so the app's own code step is skipped.
PROVIDER_MFA = "meldcode_provider_mfa"

#: Views a user may reach before the second factor: logging in and out, and the 2FA pages.
OPEN_VIEWS = {
    "login", "logout", "wagtailadmin_login", "wagtailadmin_logout",
    "meldcode_account:setup", "meldcode_account:verify", "django.views.static.serve",
    "oidc_logout", "saml2_ls", "saml2_ls_post",
}


def signed_on(request):
    """Did the session's user sign on with the identity provider (single sign-on)?"""
    return request.session.get(BACKEND_SESSION_KEY) in SSO_BACKENDS


class SessionTimeoutMiddleware:
    """Log users with case access out after the idle and the absolute timeout.

    Logging out flushes the session on the server, so its cookie is worth nothing after.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not handles_case_data(user):
            return self.get_response(request)
        now = time.time()
        session = request.session
        started = session.setdefault(STARTED, now)
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > get_setting("SESSION_IDLE_TIMEOUT"):
            return self.expire(request, _(
                "You were logged out after a while without activity. Log in to go on."
            ))
        if now - started > get_setting("SESSION_ABSOLUTE_TIMEOUT"):
            return self.expire(request, _("You were logged out: a session lasts at most "
                                          "%(hours)d hours. Log in to go on.")
                               % {"hours": get_setting("SESSION_ABSOLUTE_TIMEOUT") // 3600})
        if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        response = self.get_response(request)
        if request.method == "POST" and request.POST.get(IDLE_LOGOUT_FIELD) and (
            response.status_code in (301, 302, 303)
        ):
            # The open form was saved as a draft just before the timeout: now log out.
            return self.expire(request, _(
                "You were logged out after a while without activity. What you typed is "
                "saved as a draft. Log in to go on."
            ), next_url=response.get("Location"))
        return response

    def expire(self, request, message, next_url=None):
        logout(request)
        messages.info(request, message)
        return redirect_to_login(next_url or request.get_full_path())


class TwoFactorMiddleware:
    """Send users with case access to the second factor before anything else.

    Without a confirmed device they set one up; with one, they enter a code. Skipped
    after a single sign-on whose provider did the second factor; switched off with
    ``MELDCODE_REQUIRE_2FA = False`` (a demo; the pages then say so).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not get_setting("REQUIRE_2FA"):
            return None
        user = request.user
        if not handles_case_data(user) or user.is_verified():
            return None
        if request.session.get(PROVIDER_MFA) and signed_on(request):
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('meldcode_account:verify')}?{query}")


class AdminRefusalMiddleware:
    """Log the attempts on the meldcode's admin URLs of users without access to the
    Wagtail admin: Wagtail sends them to its login page before any view of the app runs
    (see :func:`~wagtail_meldcode.permissions.record_refused_by_admin_access`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        record_refused_by_admin_access(request, view_kwargs)
        return None
