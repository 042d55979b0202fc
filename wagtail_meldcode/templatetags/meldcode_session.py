"""The session warning and the two-factor notice on the app's pages."""

from django import template

from ..conf import get_setting
from ..middleware import IDLE_LOGOUT_FIELD, LAST_SEEN_RESOLUTION
from ..permissions import handles_case_data

register = template.Library()


@register.inclusion_tag("wagtail_meldcode/includes/session.html", takes_context=True)
def meldcode_session(context):
    """For users with case access: the idle warning; and a banner when 2FA is off."""
    request = context.get("request")
    user = getattr(request, "user", None)
    active = bool(user and handles_case_data(user))
    idle = get_setting("SESSION_IDLE_TIMEOUT")
    return {
        "active": active,
        "two_factor_off": not get_setting("REQUIRE_2FA"),
        # The page acts a little early: the server records activity every half minute.
        "idle_timeout": max(idle - LAST_SEEN_RESOLUTION - 10, 60),
        "warning": min(get_setting("SESSION_WARNING"), idle),
        "idle_logout_field": IDLE_LOGOUT_FIELD,
        "csrf_token": context.get("csrf_token"),
    }
