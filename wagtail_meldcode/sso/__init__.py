"""Single sign-on with the organisation's identity provider (OpenID Connect).

:mod:`.roles` and :mod:`.audit` work without the ``[oidc]`` extra; :mod:`.oidc`,
:mod:`.views`, :mod:`.middleware` and :mod:`.urls` need ``mozilla-django-oidc``
(``pip install wagtail-meldcode[oidc]``). Settings: see the README, "Single sign-on".
"""

from django.conf import settings

#: The authentication backend of single sign-on, as named in ``AUTHENTICATION_BACKENDS``.
OIDC_BACKEND = "wagtail_meldcode.sso.oidc.OidcBackend"


def is_enabled():
    """Is single sign-on switched on (its backend in ``AUTHENTICATION_BACKENDS``)?"""
    return OIDC_BACKEND in settings.AUTHENTICATION_BACKENDS
