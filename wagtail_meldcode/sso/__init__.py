"""Single sign-on with the organisation's identity provider: OpenID Connect, SAML 2.0,
or both.

:mod:`.signon`, :mod:`.roles` and :mod:`.audit` are shared by both protocols and need no
extra; :mod:`.oidc`, :mod:`.views` and :mod:`.middleware` need ``mozilla-django-oidc``
(``pip install wagtail-meldcode[oidc]``), :mod:`.saml` needs ``djangosaml2``
(``pip install wagtail-meldcode[saml]``). Settings: see the README, "Single sign-on".
"""

from django.conf import settings

#: The authentication backends of single sign-on, as named in ``AUTHENTICATION_BACKENDS``.
OIDC_BACKEND = "wagtail_meldcode.sso.oidc.OidcBackend"
SAML_BACKEND = "wagtail_meldcode.sso.saml.SamlBackend"
BACKENDS = (OIDC_BACKEND, SAML_BACKEND)


def oidc_enabled():
    """Is single sign-on with OpenID Connect switched on (its backend configured)?"""
    return OIDC_BACKEND in settings.AUTHENTICATION_BACKENDS


def saml_enabled():
    """Is single sign-on with SAML 2.0 switched on (its backend configured)?"""
    return SAML_BACKEND in settings.AUTHENTICATION_BACKENDS


def is_enabled():
    """Is single sign-on switched on, with either protocol?"""
    return oidc_enabled() or saml_enabled()
