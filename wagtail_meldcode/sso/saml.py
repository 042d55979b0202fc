"""The SAML 2.0 backend and views, on djangosaml2 and pysaml2 (``[saml]`` extra).

pysaml2 checks the answer of the identity provider (IdP): the assertion's signature
against the IdP's certificate in the trusted metadata only, the audience (our entity
ID), the recipient and destination (our assertion consumer service), the validity
window, and that it answers a login this browser started. On top of that an assertion
is accepted once only (:class:`SamlAssertionUse`), unsigned assertions are refused
(``want_assertions_signed``), and users are found by the IdP's entity ID and the
persistent NameID, never by e-mail address. What follows is shared with OpenID Connect
(:mod:`.signon`): roles, second factor, refusals and the log.
"""

import base64
import binascii
import datetime
import functools
import json
import xml.etree.ElementTree as StdElementTree
from urllib.parse import urlsplit

from defusedxml import ElementTree
from django.conf import settings
from django.contrib import auth
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from djangosaml2 import views as saml_views
from djangosaml2.backends import Saml2Backend
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.conf import config_settings_loader, get_config
from djangosaml2.overrides import Saml2Client
from djangosaml2.utils import get_location
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client_base import LogoutError
from saml2.ident import decode
from saml2.response import IncorrectlySigned, StatusError, UnsolicitedResponse, VerificationError
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_PERSISTENT
from saml2.sigver import MissingKey, SignatureError
from saml2.time_util import str_to_time
from saml2.validate import ResponseLifetimeExceed, ToEarly

from ..conf import get_setting
from ..middleware import PROVIDER_MFA
from ..models.sso import SamlAssertionUse, SsoProtocol
from .signon import (
    ProviderIdentity,
    Refusal,
    SignOnRefused,
    provider_mfa,
    refuse,
    refused_response,
    sign_on,
)

SAML_NS = "{urn:oasis:names:tc:SAML:2.0:assertion}"
#: The saml_session key of where the browser goes after logging out at the IdP.
LOGOUT_NEXT = "meldcode_logout_next"
#: SAML attributes (eduPerson/LDAP names) that fill a new user's name and address.
NAME_ATTRIBUTES = {"username": "uid", "first_name": "givenName", "last_name": "sn",
                   "email": "mail"}


def config_loader(request=None):
    """djangosaml2's configuration (``SAML_CONFIG``) with the endpoints of the host the
    request came to first, so an intranet on several hostnames asks the IdP to answer on
    the one the browser is on. Set ``SAML_CONFIG_LOADER`` to this function's path."""
    conf = config_settings_loader(request)
    if request is not None:
        here = request.build_absolute_uri("/")
        endpoints = getattr(conf, "_sp_endpoints", None) or {}
        for name, values in endpoints.items():
            endpoints[name] = sorted(values, key=lambda value: not value[0].startswith(here))
    return conf


def _first_value(attributes, name):
    values = attributes.get(name) or []
    return str(values[0]) if values else None


def identity_of(session_info):
    """The :class:`ProviderIdentity` of pysaml2's checked ``session_info``; a NameID that
    is not persistent is refused (a transient one changes at every login)."""
    name_id = session_info.get("name_id")
    attributes = session_info.get("ava") or {}
    groups = attributes.get(get_setting("SAML_GROUPS_ATTRIBUTE")) or []
    identity = ProviderIdentity(
        protocol=SsoProtocol.SAML,
        issuer=str(session_info.get("issuer", "")),
        subject=str(getattr(name_id, "text", "") or ""),
        provider_groups=[str(value) for value in groups],
        mfa=provider_mfa([info[0] for info in session_info.get("authn_info") or []]),
        **{field: _first_value(attributes, name) for field, name in NAME_ATTRIBUTES.items()},
    )
    identity.username = identity.username or ""
    if name_id is None or name_id.format != NAMEID_FORMAT_PERSISTENT or not identity.subject:
        raise SignOnRefused(Refusal.NAME_ID, identity)
    return identity


def _expiry(not_on_or_after):
    if not not_on_or_after:
        return timezone.now() + datetime.timedelta(days=1)
    moment = str_to_time(not_on_or_after)
    return datetime.datetime(*moment[:6], tzinfo=datetime.UTC)


def use_assertion(assertion_info, identity):
    """Record that the assertion of ``assertion_info`` signed someone on; refuse it when it
    already did (a replay). Expired records are cleared on the way."""
    assertion_id = (assertion_info or {}).get("assertion_id")
    if not assertion_id:
        raise SignOnRefused(Refusal.INVALID_TOKEN, identity)
    SamlAssertionUse.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            SamlAssertionUse.objects.create(
                assertion_id=assertion_id[:255], issuer=identity.issuer[:255],
                expires_at=_expiry(assertion_info.get("not_on_or_after")))
    except IntegrityError:
        raise SignOnRefused(Refusal.REPLAY, identity) from None


class SamlBackend(Saml2Backend):
    """Sign on with the organisation's SAML 2.0 identity provider."""

    def authenticate(self, request, session_info=None, attribute_mapping=None,
                     create_unknown_user=True, assertion_info=None, **kwargs):
        """The user the checked assertion (``session_info``) names, or None when it is
        refused: the refusal is logged and left on the request for the view to explain."""
        if session_info is None:
            return None
        try:
            identity = identity_of(session_info)
            use_assertion(assertion_info, identity)
            return sign_on(request, identity)
        except SignOnRefused as refusal:
            refuse(request, refusal)
        return None


def unverified_response(request):
    """The issuer and the assertion ID in the posted SAMLResponse, read without any check:
    only to name a refusal in the log and to tell a replay, never to trust."""
    try:
        root = ElementTree.fromstring(base64.b64decode(request.POST.get("SAMLResponse", "")))
    except (binascii.Error, ValueError, StdElementTree.ParseError):
        return "", ""
    issuer = root.find(f"{SAML_NS}Issuer")
    assertion = root.find(f"{SAML_NS}Assertion")
    if issuer is None and assertion is not None:
        issuer = assertion.find(f"{SAML_NS}Issuer")
    return ((issuer.text or "").strip() if issuer is not None else "",
            assertion.get("ID", "") if assertion is not None else "")


def known_idps(request):
    """The entity IDs of the IdPs in the trusted metadata."""
    return set(get_config(None, request).metadata.identity_providers())


def reason_for(request, exception):
    """The :class:`Refusal` code of pysaml2's ``exception``."""
    issuer, assertion_id = unverified_response(request)
    message = str(exception)
    if issuer and issuer not in known_idps(request):
        return Refusal.ISSUER
    if isinstance(exception, UnsolicitedResponse) or "Came from" in message or (
            "Combination of session id" in message):
        used = SamlAssertionUse.objects.filter(assertion_id=assertion_id).exists()
        return Refusal.REPLAY if assertion_id and used else Refusal.STATE
    if isinstance(exception, ResponseLifetimeExceed | ToEarly):
        return Refusal.EXPIRED
    if "AudienceRestrictions" in message:
        return Refusal.AUDIENCE
    if isinstance(exception, VerificationError) and "recipient" in message:
        return Refusal.RECIPIENT
    if "Signature missing" in message:
        return Refusal.UNSIGNED
    if isinstance(exception, SignatureError | IncorrectlySigned | MissingKey):
        return Refusal.SIGNATURE
    if isinstance(exception, StatusError):
        return Refusal.PROVIDER
    return Refusal.INVALID_TOKEN


class AssertionConsumerServiceView(saml_views.AssertionConsumerServiceView):
    """The IdP's answer: sign on, or say plainly why not."""

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        refusal = getattr(request, "meldcode_sso_refusal", None)
        if refusal is None:
            issuer, _assertion_id = unverified_response(request)
            identity = ProviderIdentity(protocol=SsoProtocol.SAML, issuer=issuer, subject="")
            refuse(request, SignOnRefused(reason_for(request, exception), identity))
            refusal = request.meldcode_sso_refusal
        if request.user.is_authenticated:
            auth.logout(request)  # a refused login leaves no earlier session behind
        return refused_response(request, refusal.reason)

    def custom_validation(self, response):
        """pysaml2 leaves the recipient of the assertion unchecked (without conversation
        info) and the response's destination too: both must be our consumer service."""
        ours = set(self.get_sp_config(self.request).endpoint("assertion_consumer_service",
                                                              BINDING_HTTP_POST))
        recipients = {confirmation.subject_confirmation_data.recipient
                      for confirmation in response.assertion.subject.subject_confirmation}
        destination = response.response.destination
        if not recipients <= ours or (destination and destination not in ours):
            identity = ProviderIdentity(protocol=SsoProtocol.SAML, issuer=response.issuer(),
                                        subject="")
            refuse(self.request, SignOnRefused(Refusal.RECIPIENT, identity))
            raise SignOnRefused(Refusal.RECIPIENT, identity)

    def post_login_hook(self, request, user, session_info):
        request.session[PROVIDER_MFA] = user.meldcode_provider_mfa


class LogoutServiceView(saml_views.LogoutView):
    """The IdP's answer to our logout request (or its own logout request): the local
    session ends; the browser goes where the logout began."""

    def do_logout_service(self, request, data, binding, *args, **kwargs):
        next_page = request.saml_session.pop(LOGOUT_NEXT, None)
        response = super().do_logout_service(request, data, binding, *args, **kwargs)
        if "SAMLResponse" in data and next_page and response.status_code == 302:
            return redirect(next_page)
        return response


def provider_logout(request, next_page):
    """The response that takes the browser to the IdP's Single Logout service for the
    session's user (with ``next_page`` to return to), or None when the IdP has none."""
    subject_id = request.saml_session.get("_saml2_subject_id")
    if subject_id is None:
        return None
    state = StateCache(request.saml_session)
    client = Saml2Client(get_config(None, request), state_cache=state,
                         identity_cache=IdentityCache(request.saml_session))
    try:
        result = client.global_logout(decode(subject_id))
    except (LogoutError, UnsupportedBinding):
        return None
    state.sync()
    for logout_info in (result or {}).values():
        if not isinstance(logout_info, tuple):
            continue
        binding, http_info = logout_info
        request.saml_session[LOGOUT_NEXT] = next_page
        if binding == BINDING_HTTP_REDIRECT:
            return redirect(get_location(http_info))
        if binding == BINDING_HTTP_POST:
            return HttpResponse("".join(http_info["data"]))
    return None


@functools.lru_cache(maxsize=8)
def _logout_origins(metadata_source):
    conf = config_settings_loader()
    origins = set()
    for entity_id in conf.metadata.identity_providers():
        for binding in (BINDING_HTTP_REDIRECT, BINDING_HTTP_POST):
            try:
                services = conf.metadata.single_logout_service(entity_id, binding, "idpsso")
            except UnsupportedBinding:
                continue
            for service in services:
                address = urlsplit(service["location"])
                origins.add(f"{address.scheme}://{address.netloc}")
    return sorted(origins)


def logout_origins():
    """The origins of the trusted IdPs' Single Logout services: a logout form leads there
    (a redirect after the POST), so a Content-Security-Policy's ``form-action`` must allow
    them. Read once per metadata source (``SAML_CONFIG["metadata"]``)."""
    source = json.dumps(getattr(settings, "SAML_CONFIG", {}).get("metadata"), sort_keys=True,
                        default=str)
    return _logout_origins(source)
