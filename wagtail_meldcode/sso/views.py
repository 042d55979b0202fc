"""Signing on and off with the identity provider, and the break-glass login."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..conf import get_setting
from ..middleware import PROVIDER_MFA, signed_on
from ..permissions import site_coordinators
from ..site_settings import for_request
from .audit import SsoAction, record_sso_event
from .oidc import Refusal, SignOnRefused

#: The ID token of the sign-on, kept for logging out at the provider.
ID_TOKEN = "oidc_id_token"
#: When the session is checked again at the provider (mozilla-django-oidc's key).
REFRESH_AT = "oidc_id_token_expiration"


class LoginView(OIDCAuthenticationRequestView):
    """Send the browser to the provider: state, nonce and a PKCE code challenge."""

    def get_settings(self, attr, *args):
        if attr == "OIDC_USE_PKCE":
            return True
        return super().get_settings(attr, *args)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: sign on, or say plainly why not."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this browser never sent (mozilla-django-oidc raises).
            self.refuse(SignOnRefused(Refusal.STATE))
            return self.login_failure()

    def refuse(self, refusal):
        self.request.meldcode_sso_refusal = refusal
        record_sso_event(self.request, SsoAction.REFUSED, claims=refusal.claims,
                         reason=refusal.reason)

    def login_success(self):
        response = super().login_success()
        self.request.session[PROVIDER_MFA] = self.user.meldcode_provider_mfa
        self.request.session[REFRESH_AT] = time.time() + get_setting("SSO_REFRESH")
        return response

    def login_failure(self):
        request = self.request
        refusal = getattr(request, "meldcode_sso_refusal", None)
        if refusal is None:
            # Refused before any token: the provider's error, or an unknown state.
            reason = Refusal.PROVIDER if request.GET.get("error") else Refusal.STATE
            self.refuse(SignOnRefused(reason))
            refusal = request.meldcode_sso_refusal
        if request.user.is_authenticated:
            auth.logout(request)  # a refresh that fails ends the session
        return refused_response(request, refusal.reason)


def refused_response(request, reason):
    """The page that says why signing on did not work (403)."""
    if reason == Refusal.NO_ROLE:
        site_settings = for_request(request)
        context = {"coordinators": site_coordinators(site_settings).order_by(
            "first_name", "last_name") if site_settings else []}
        template = "wagtail_meldcode/sso/no_access.html"
    else:
        context = {"reason": reason}
        template = "wagtail_meldcode/sso/refused.html"
    return TemplateResponse(request, template, context, status=403)


def provider_logout_url(request, next_page):
    """The provider's end-session URL (RP-initiated logout) that sends the browser on to
    ``next_page``, or None when the provider has none."""
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not endpoint:
        return None
    params = {"client_id": settings.OIDC_RP_CLIENT_ID,
              "post_logout_redirect_uri": request.build_absolute_uri(next_page)}
    if request.session.get(ID_TOKEN):
        params["id_token_hint"] = request.session[ID_TOKEN]
    return f"{endpoint}?{urlencode(params)}"


@require_POST
def logout(request, next_page=None):
    """Log out here and, after a sign-on, at the provider too.

    ``next_page`` (default ``LOGOUT_REDIRECT_URL``) is where the browser ends up; use
    ``next_page="wagtailadmin_login"`` for the Wagtail admin's logout.
    """
    next_page = resolve_url(next_page or settings.LOGOUT_REDIRECT_URL or "/")
    url = None
    if request.user.is_authenticated and signed_on(request):
        url = provider_logout_url(request, next_page)
        record_sso_event(request, SsoAction.LOGOUT, user=request.user)
    auth.logout(request)
    return redirect(url or next_page)
