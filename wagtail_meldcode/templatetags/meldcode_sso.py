"""The single sign-on button on the login pages."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from .. import sso
from ..conf import get_setting

register = template.Library()


@register.inclusion_tag("wagtail_meldcode/sso/login_button.html", takes_context=True)
def meldcode_sso_button(context, next_url=""):
    """"Log in with ..." when single sign-on is on; sends the browser on to ``next_url``."""
    enabled = sso.is_enabled()
    url = reverse("oidc_authentication_init") if enabled else ""
    return {
        "enabled": enabled,
        "url": f"{url}?{urlencode({'next': next_url})}" if next_url else url,
        "provider": get_setting("SSO_PROVIDER_NAME"),
        "admin": context.get("meldcode_admin", False),
    }


@register.simple_tag
def meldcode_sso_only():
    """Is password login switched off (``MELDCODE_SSO_ONLY``)?"""
    return bool(get_setting("SSO_ONLY"))
