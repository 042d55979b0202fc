"""The OpenID Connect backend: authorization code flow with PKCE, on mozilla-django-oidc.

On top of mozilla-django-oidc's state and nonce checks, the ID token's signature, issuer
(``OIDC_OP_ISSUER``), audience (``OIDC_RP_CLIENT_ID``), expiry and issue time are
verified; users are found by issuer and subject (:class:`SsoIdentity`), never by e-mail
address; the roles come from the provider's groups at every sign-on. Every sign-on,
refusal and role change is logged (:class:`SsoEvent`).
"""

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..conf import get_setting
from ..models.sso import SsoIdentity
from ..permissions import may_stay_signed_on
from .audit import SsoAction, record_sso_event
from .roles import apply_provider_roles, claim_values

#: Claims an ID token must carry.
REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat"]


class Refusal:
    """Why a sign-on was refused: the code in the log (:attr:`SsoEvent.reason`)."""

    ISSUER = "issuer"
    AUDIENCE = "audience"
    NONCE = "nonce"
    SIGNATURE = "signature"
    EXPIRED = "expired"
    INVALID_TOKEN = "invalid_token"
    PROVIDER = "provider"
    STATE = "state"
    INACTIVE = "inactive"
    NO_ROLE = "no_role"


class SignOnRefused(Exception):
    """The provider's answer is not accepted: ``reason`` is a :class:`Refusal` code."""

    def __init__(self, reason, claims=None, user=None):
        super().__init__(reason)
        self.reason = reason
        self.claims = claims or {}
        self.user = user


def provider_mfa(claims):
    """Did the provider do two-factor login, by its ``amr`` and ``acr`` claims, or is every
    sign-on trusted to (``MELDCODE_SSO_TRUST_PROVIDER_MFA``)?"""
    if get_setting("SSO_TRUST_PROVIDER_MFA"):
        return True
    trusted = set(get_setting("SSO_TRUSTED_MFA"))
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(trusted & {*map(str, amr), str(claims.get("acr", ""))})


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
            self.refuse(request, refusal)
        except (SuspiciousOperation, requests.RequestException):
            self.refuse(request, SignOnRefused(Refusal.PROVIDER))
        return None

    def refuse(self, request, refusal):
        request.meldcode_sso_refusal = refusal
        record_sso_event(request, SsoAction.REFUSED, user=refusal.user, claims=refusal.claims,
                         reason=refusal.reason)

    def verify_token(self, token, **kwargs):
        """The claims of the signed ``token``, checked: algorithm, signature, issuer,
        audience, expiry and (for the ID token of a sign-on) the nonce."""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.InvalidTokenError:
            raise SignOnRefused(Refusal.INVALID_TOKEN) from None
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SignOnRefused(Refusal.SIGNATURE, unverified)
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")):
            try:
                key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
            except SuspiciousOperation:
                raise SignOnRefused(Refusal.SIGNATURE, unverified) from None
        else:
            key = self.OIDC_RP_CLIENT_SECRET
        try:
            claims = jwt.decode(
                token, key, algorithms=[algorithm], audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.OIDC_OP_ISSUER, leeway=self.get_settings("OIDC_LEEWAY", 60),
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise SignOnRefused(Refusal.EXPIRED, unverified) from None
        except jwt.InvalidAudienceError:
            raise SignOnRefused(Refusal.AUDIENCE, unverified) from None
        except jwt.InvalidIssuerError:
            raise SignOnRefused(Refusal.ISSUER, unverified) from None
        except jwt.InvalidSignatureError:
            raise SignOnRefused(Refusal.SIGNATURE, unverified) from None
        except jwt.InvalidTokenError:
            raise SignOnRefused(Refusal.INVALID_TOKEN, unverified) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignOnRefused(Refusal.AUDIENCE, claims)
        if "nonce" in kwargs and claims.get("nonce") != kwargs["nonce"]:
            raise SignOnRefused(Refusal.NONCE, claims)
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
                raise SignOnRefused(Refusal.INVALID_TOKEN, payload)
            claims = {**userinfo, **payload}
        with transaction.atomic():
            identity = (SsoIdentity.objects.select_related("user")
                        .filter(issuer=claims["iss"], subject=claims["sub"]).first())
            user = identity.user if identity else self.create_user(claims)
            self.update_user(user, claims)
        if not user.is_active:
            raise SignOnRefused(Refusal.INACTIVE, claims, user)
        update = apply_provider_roles(user, claim_values(claims, get_setting("SSO_GROUPS_CLAIM")))
        if update.changed:
            record_sso_event(self.request, SsoAction.ROLES, user=user, claims=claims,
                             added=update.added, removed=update.removed)
        if not may_stay_signed_on(user, update.any_role):
            raise SignOnRefused(Refusal.NO_ROLE, claims, user)
        record_sso_event(self.request, SsoAction.LOGIN, user=user, claims=claims)
        user.meldcode_provider_mfa = provider_mfa(claims)
        return user

    def create_user(self, claims):
        """A new user for the identity in ``claims``, named after the provider's username
        (made unique), never found by it."""
        users = get_user_model().objects
        base = str(claims.get("preferred_username") or claims.get("email")
                   or f"sso-{claims['sub']}")[:140]
        username, number = base, 1
        while users.filter(username=username).exists():
            number += 1
            username = f"{base}-{number}"
        user = users.create_user(username)
        SsoIdentity.objects.create(user=user, issuer=claims["iss"], subject=claims["sub"])
        return user

    def update_user(self, user, claims):
        """Names and e-mail address as the provider knows them now."""
        values = {
            "first_name": str(claims.get("given_name", user.first_name))[:150],
            "last_name": str(claims.get("family_name", user.last_name))[:150],
            "email": str(claims.get("email", user.email))[:254],
        }
        changed = [name for name, value in values.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, values[name])
        if changed:
            user.save(update_fields=changed)
        return user
