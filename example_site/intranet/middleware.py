"""The Content-Security-Policy of the example intranet."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's strict policy everywhere, and ``ADMIN_CONTENT_SECURITY_POLICY`` under
    the Wagtail admin, which needs inline scripts and styles."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(
            "/admin/"
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY)
        return parts
