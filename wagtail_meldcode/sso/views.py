"""Signing on with an OpenID Connect provider. Logging out (both protocols) is in
:mod:`.logout`, the SAML views in :mod:`.saml`."""

import time

from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..conf import get_setting
from ..middleware import PROVIDER_MFA
from ..models.sso import SsoProtocol
from .logout import ID_TOKEN, logout  # noqa: F401  (the logout view, where it used to be)
from .signon import Refusal, SignOnRefused, refuse, refused_response

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
            refuse(self.request, SignOnRefused(Refusal.STATE, protocol=SsoProtocol.OIDC))
            return self.login_failure()

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
            refuse(request, SignOnRefused(reason, protocol=SsoProtocol.OIDC))
            refusal = request.meldcode_sso_refusal
        if request.user.is_authenticated:
            auth.logout(request)  # a refresh that fails ends the session
        return refused_response(request, refusal.reason)
