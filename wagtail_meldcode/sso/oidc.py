"""The OpenID Connect backend: authorization code flow with PKCE, on mozilla-django-oidc.

On top of mozilla-django-oidc's state and nonce checks, the ID token's signature, issuer
(``OIDC_OP_ISSUER``), audience (``OIDC_RP_CLIENT_ID``), expiry and issue time are
verified; users are found by issuer and subject (:class:`SsoIdentity`), never by e-mail
address; the roles come from the provider's groups at every sign-on. Every sign-on,
refusal and role change is logged (:class:`SsoEvent`).
"""

import jwt
import requests
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..conf import get_setting
from ..models.sso import SsoProtocol
from .roles import claim_values
from .signon import ProviderIdentity, Refusal, SignOnRefused, provider_mfa, refuse, sign_on

#: Claims an ID token must carry.
REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat"]


def identity_of(claims):
    """The :class:`ProviderIdentity` that ID token ``claims`` (with user info) name."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return ProviderIdentity(
        protocol=SsoProtocol.OIDC,
        issuer=str(claims.get("iss", "")),
        subject=str(claims.get("sub", "")),
        provider_groups=claim_values(claims, get_setting("SSO_GROUPS_CLAIM")),
        mfa=provider_mfa([*amr, claims.get("acr", "")]),
        username=str(claims.get("preferred_username") or ""),
        first_name=claims.get("given_name"),
        last_name=claims.get("family_name"),
        email=claims.get("email"),
    )


def refused(reason, claims=None, user=None):
    """A :class:`SignOnRefused` naming whoever the (maybe unchecked) ``claims`` name."""
    return SignOnRefused(reason, identity_of(claims) if claims else None, user,
                         protocol=SsoProtocol.OIDC)


class OidcBackend(OIDCAuthenticationBackend):
    """Sign on with the organisation's identity provider (OpenID Connect)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.OIDC_OP_ISSUER = self.get_settings("OIDC_OP_ISSUER", None)
        if not self.OIDC_OP_ISSUER:
            raise ImproperlyConfigured("Single sign-on needs OIDC_OP_ISSUER: the provider's "
                                       "issuer, as its ID tokens name it.")

    def authenticate(self, request, **kwargs):
        """The user the provider's answer to ``request`` names, or None when it is refused.

        A refusal is logged and left on the request (``meldcode_sso_refusal``) for the
        callback view to explain.
        """
        try:
            return super().authenticate(request, **kwargs)
        except SignOnRefused as refusal:
            refuse(request, refusal)
        except (SuspiciousOperation, requests.RequestException):
            refuse(request, refused(Refusal.PROVIDER))
        return None

    def verify_token(self, token, **kwargs):
        """The claims of the signed ``token``, checked: algorithm, signature, issuer,
        audience, expiry and (for the ID token of a sign-on) the nonce."""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.InvalidTokenError:
            raise refused(Refusal.INVALID_TOKEN) from None
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise refused(Refusal.SIGNATURE, unverified)
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
            try:
                key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
            except SuspiciousOperation:
                raise refused(Refusal.SIGNATURE, unverified) from None
        else:
            key = self.OIDC_RP_CLIENT_SECRET
        try:
            claims = jwt.decode(
                token, key, algorithms=[algorithm], audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.OIDC_OP_ISSUER, leeway=self.get_settings("OIDC_LEEWAY", 60),
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise refused(Refusal.EXPIRED, unverified) from None
        except jwt.InvalidAudienceError:
            raise refused(Refusal.AUDIENCE, unverified) from None
        except jwt.InvalidIssuerError:
            raise refused(Refusal.ISSUER, unverified) from None
        except jwt.InvalidSignatureError:
            raise refused(Refusal.SIGNATURE, unverified) from None
        except jwt.InvalidTokenError:
            raise refused(Refusal.INVALID_TOKEN, unverified) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise refused(Refusal.AUDIENCE, claims)
        if "nonce" in kwargs and claims.get("nonce") != kwargs["nonce"]:
            raise refused(Refusal.NONCE, claims)
        return claims

    def store_tokens(self, access_token, id_token):
        """Keep the ID token in the session: logging out at the provider names it."""
        self.request.session["oidc_id_token"] = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        """The user of the checked ID token's issuer and subject, created at the first
        sign-on, with the roles of their provider groups."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise refused(Refusal.INVALID_TOKEN, payload)
            claims = {**userinfo, **payload}
        return sign_on(self.request, identity_of(claims))
