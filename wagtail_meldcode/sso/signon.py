"""What every single sign-on does, whatever the protocol (OpenID Connect or SAML 2.0):
find the user by the provider's identity, give the roles of their provider groups, decide
whether the provider did the second factor, refuse plainly and log it all.

The protocol modules (:mod:`.oidc`, :mod:`.saml`) check the provider's answer and hand
over a :class:`ProviderIdentity`; nothing here knows a token or an assertion.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.response import TemplateResponse

from ..conf import get_setting
from ..models.sso import SsoIdentity
from ..permissions import may_stay_signed_on, site_coordinators
from ..site_settings import for_request
from .audit import SsoAction, record_sso_event
from .roles import apply_provider_roles


class Refusal:
    """Why a sign-on was refused: the code in the log (:attr:`SsoEvent.reason`)."""

    ISSUER = "issuer"
    AUDIENCE = "audience"
    RECIPIENT = "recipient"
    NONCE = "nonce"
    SIGNATURE = "signature"
    UNSIGNED = "unsigned"
    REPLAY = "replay"
    EXPIRED = "expired"
    INVALID_TOKEN = "invalid_token"
    NAME_ID = "name_id"
    PROVIDER = "provider"
    STATE = "state"
    INACTIVE = "inactive"
    NO_ROLE = "no_role"


class SignOnRefused(Exception):
    """The provider's answer is not accepted: ``reason`` is a :class:`Refusal` code;
    ``identity`` (a :class:`ProviderIdentity`) and ``user`` when known."""

    def __init__(self, reason, identity=None, user=None, protocol=""):
        super().__init__(reason)
        self.reason = reason
        self.identity = identity
        self.user = user
        self.protocol = protocol or (identity.protocol if identity is not None else "")


@dataclass
class ProviderIdentity:
    """Who the identity provider says signed on, after the protocol's checks."""

    #: ``oidc`` or ``saml`` (:class:`~wagtail_meldcode.models.sso.SsoProtocol`).
    protocol: str
    #: The provider: the ID token's ``iss``, or the SAML IdP's entity ID.
    issuer: str
    #: The user at the provider: ``sub``, or the persistent SAML NameID.
    subject: str
    #: The user's groups at the provider, as the group claim or attribute lists them.
    provider_groups: list = field(default_factory=list)
    #: Did the provider do two-factor login (see :func:`provider_mfa`)?
    mfa: bool = False
    username: str = ""
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


def provider_mfa(values):
    """Did the provider do two-factor login: is one of ``values`` (OIDC ``amr``/``acr``,
    SAML ``AuthnContextClassRef``) in ``MELDCODE_SSO_TRUSTED_MFA``, or is every sign-on
    trusted to (``MELDCODE_SSO_TRUST_PROVIDER_MFA``)?"""
    if get_setting("SSO_TRUST_PROVIDER_MFA"):
        return True
    trusted = set(get_setting("SSO_TRUSTED_MFA"))
    return bool(trusted & {str(value) for value in values if value})


def sign_on(request, identity):
    """The user of ``identity``, created at the first sign-on, with the roles of their
    provider groups; logged. Raises :class:`SignOnRefused` for an inactive user or one
    without any role."""
    with transaction.atomic():
        known = (SsoIdentity.objects.select_related("user")
                 .filter(issuer=identity.issuer, subject=identity.subject).first())
        user = known.user if known else create_user(identity)
        update_user(user, identity)
    if not user.is_active:
        raise SignOnRefused(Refusal.INACTIVE, identity, user)
    update = apply_provider_roles(user, identity.provider_groups)
    if update.changed:
        record_sso_event(request, SsoAction.ROLES, user=user, identity=identity,
                         added=update.added, removed=update.removed)
    if not may_stay_signed_on(user, update.any_role):
        raise SignOnRefused(Refusal.NO_ROLE, identity, user)
    record_sso_event(request, SsoAction.LOGIN, user=user, identity=identity)
    user.meldcode_provider_mfa = identity.mfa
    return user


def create_user(identity):
    """A new user for ``identity``, named after the provider's username (made unique),
    never found by it."""
    users = get_user_model().objects
    base = str(identity.username or identity.email or f"sso-{identity.subject}")[:140]
    username, number = base, 1
    while users.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    user = users.create_user(username)
    SsoIdentity.objects.create(user=user, issuer=identity.issuer, subject=identity.subject)
    return user


def update_user(user, identity):
    """Names and e-mail address as the provider knows them now (what it does not say is
    left as it is)."""
    values = {"first_name": (identity.first_name, 150), "last_name": (identity.last_name, 150),
              "email": (identity.email, 254)}
    changed = []
    for name, (value, length) in values.items():
        if value is not None and getattr(user, name) != str(value)[:length]:
            setattr(user, name, str(value)[:length])
            changed.append(name)
    if changed:
        user.save(update_fields=changed)
    return user


def refuse(request, refusal):
    """Log ``refusal`` and leave it on the request for :func:`refused_response`."""
    request.meldcode_sso_refusal = refusal
    record_sso_event(request, SsoAction.REFUSED, user=refusal.user, identity=refusal.identity,
                     reason=refusal.reason, protocol=refusal.protocol)


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
