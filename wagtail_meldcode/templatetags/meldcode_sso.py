"""The single sign-on buttons on the login pages."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from .. import sso
from ..conf import get_setting

register = template.Library()


@register.inclusion_tag("wagtail_meldcode/sso/login_button.html", takes_context=True)
def meldcode_sso_button(context, next_url=""):
    """"Log in with ..." for each protocol of single sign-on that is on (OpenID Connect,
    SAML); sends the browser on to ``next_url``."""
    buttons = []
    for enabled, url_name, provider in (
            (sso.oidc_enabled(), "oidc_authentication_init", get_setting("SSO_PROVIDER_NAME")),
            (sso.saml_enabled(), "saml2_login", get_setting("SAML_PROVIDER_NAME"))):
        if enabled:
            url = reverse(url_name)
            buttons.append({"url": f"{url}?{urlencode({'next': next_url})}" if next_url else url,
                            "provider": provider})
    return {"enabled": bool(buttons), "buttons": buttons,
            "admin": context.get("meldcode_admin", False)}


@register.simple_tag
def meldcode_sso_only():
    """Is password login switched off (``MELDCODE_SSO_ONLY``)?"""
    return bool(get_setting("SSO_ONLY"))
