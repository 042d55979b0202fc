"""The meldcode settings of a request's site, read at most once per request."""

from wagtail.models import Site

from .models import MeldcodeSettings
from .permissions import settings_read


def for_request(request):
    """The meldcode settings of the request's site, as ``MeldcodeSettings.for_request``.

    When this request's permission checks read them already, they are put in Wagtail's
    per-request cache (with the request, as Wagtail does), so neither
    ``{% meldcode_settings %}`` nor ``{% get_settings %}`` reads them again.
    """
    name = MeldcodeSettings.get_cache_attr_name()
    if not hasattr(request, name):
        site = Site.find_for_request(request)
        known = settings_read(getattr(request, "user", None))
        if site is not None and site.pk in known:
            known[site.pk]._request = request
            setattr(request, name, known[site.pk])
    return MeldcodeSettings.for_request(request)
