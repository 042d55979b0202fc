"""The Content-Security-Policy of the example intranet."""

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


def identity_provider_origin():
    """The origin of the identity provider's logout endpoint, or None (no single sign-on).

    Logging out is a form that the intranet answers with a redirect to the provider
    (RP-initiated logout): the browser follows it only if ``form-action`` allows it.
    """
    endpoint = urlsplit(getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "") or "")
    return f"{endpoint.scheme}://{endpoint.netloc}" if endpoint.netloc else None


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
        provider = identity_provider_origin()
        if provider and not report_only:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), provider]
            parts.update = update
        return parts
