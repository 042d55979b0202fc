"""Logging out after single sign-on: here, and at the identity provider too (OpenID
Connect RP-initiated logout, or SAML Single Logout), whichever protocol signed on."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect, resolve_url
from django.views.decorators.http import require_POST

from ..middleware import signed_on
from ..models.sso import SsoProtocol
from . import SAML_BACKEND
from .audit import SsoAction, record_sso_event

#: The ID token of an OpenID Connect sign-on, kept for logging out at the provider.
ID_TOKEN = "oidc_id_token"


def oidc_logout_url(request, next_page):
    """The OpenID Connect provider's end-session URL (RP-initiated logout) that sends the
    browser on to ``next_page``, or None when the provider has none."""
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
    response = None
    if request.user.is_authenticated and signed_on(request):
        saml = request.session.get(BACKEND_SESSION_KEY) == SAML_BACKEND
        protocol = SsoProtocol.SAML if saml else SsoProtocol.OIDC
        if saml:
            from .saml import provider_logout  # the [saml] extra

            response = provider_logout(request, next_page)
        else:
            url = oidc_logout_url(request, next_page)
            response = redirect(url) if url else None
        record_sso_event(request, SsoAction.LOGOUT, user=request.user, protocol=protocol)
    auth.logout(request)
    return response or redirect(next_page)
