"""The Content-Security-Policy of the example intranet."""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings

from wagtail_meldcode import sso


def identity_provider_origins():
    """The origins of the identity providers' logout endpoints (none without single
    sign-on): OpenID Connect's end-session endpoint, the SAML IdPs' Single Logout.

    Logging out is a form that the intranet answers with a redirect to the provider
    (RP-initiated logout, SAML Single Logout): the browser follows it only if
    ``form-action`` allows it.
    """
    endpoint = urlsplit(getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "") or "")
    origins = [f"{endpoint.scheme}://{endpoint.netloc}"] if endpoint.netloc else []
    if sso.saml_enabled() and getattr(settings, "SAML_CONFIG", None):
        from wagtail_meldcode.sso.saml import logout_origins

        origins += [origin for origin in logout_origins() if origin not in origins]
    return origins


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's strict policy everywhere, and ``ADMIN_CONTENT_SECURITY_POLICY`` under
    the Wagtail admin, which needs inline scripts and styles; with single sign-on, forms
    may lead to the identity provider (logging out there)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(
            "/admin/"
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        providers = identity_provider_origins()
        if providers and not report_only:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), *providers]
            parts.update = update
        return parts
