"""The session of a user signed on with OpenID Connect is checked again at the provider every
``MELDCODE_SSO_REFRESH`` seconds, so a group taken away there takes the role away here;
with ``MELDCODE_SSO_ONLY``, password logins are refused.

Add it after ``wagtail_meldcode.middleware.SessionTimeoutMiddleware``::

    "wagtail_meldcode.sso.middleware.SingleSignOnMiddleware",
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.template.response import TemplateResponse
from django.utils.deprecation import MiddlewareMixin

try:
    from mozilla_django_oidc.middleware import SessionRefresh
except ImportError:  # SAML only, without the [oidc] extra: no session refresh
    SessionRefresh = MiddlewareMixin

from ..conf import get_setting
from . import OIDC_BACKEND

#: The views that log in with a password (the intranet's and the Wagtail admin's).
PASSWORD_LOGIN_VIEWS = {"login", "wagtailadmin_login"}


class SingleSignOnMiddleware(SessionRefresh):
    """mozilla-django-oidc's ``SessionRefresh``, reading its settings on each request
    (tests and ``override_settings`` change them), for signed-on sessions only."""

    def __init__(self, get_response):
        MiddlewareMixin.__init__(self, get_response)

    def __getattr__(self, name):
        # OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_RP_CLIENT_ID, OIDC_RP_SCOPES, ...
        if name.startswith("OIDC_"):
            defaults = {"OIDC_EXEMPT_URLS": [], "OIDC_STATE_SIZE": 32,
                        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
                        "OIDC_RP_SCOPES": "openid email", "OIDC_USE_NONCE": True,
                        "OIDC_NONCE_SIZE": 32}
            return self.get_settings(name, *([defaults[name]] if name in defaults else []))
        raise AttributeError(name)

    def get_settings(self, attr, *args):
        if attr == "OIDC_USE_PKCE":
            return True
        return super().get_settings(attr, *args)

    def is_refreshable_url(self, request):
        return (request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND
                and super().is_refreshable_url(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        """With ``MELDCODE_SSO_ONLY``, a password login is refused whatever its backend."""
        match = request.resolver_match
        if (get_setting("SSO_ONLY") and request.method == "POST" and match
                and match.view_name in PASSWORD_LOGIN_VIEWS):
            return TemplateResponse(request, "wagtail_meldcode/sso/password_off.html",
                                    status=403)
        return None
