"""What every view of the app's pages shares: private responses and the URLs of the
staff routes below a meldcode page."""

from django.utils.cache import patch_cache_control
from wagtail.models import Site


def private(response):
    """Case pages are never stored by a browser or a proxy."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def site_of(request, page):
    """The site the request is for, or else the meldcode page's own."""
    return Site.find_for_request(request) or page.get_site()


def page_url(page, name, **kwargs):
    return page.url + page.reverse_subpage(name, kwargs=kwargs or None)


def case_urls(page, name, **kwargs):
    """A function that gives the URL of the case route ``name`` for a case reference.

    The route is reversed once, for a placeholder reference: a list of hundreds of cases
    then costs no URL reverse per case.
    """
    placeholder = "MC-PLACEHOLDER"
    url = page_url(page, name, reference=placeholder, **kwargs)
    before, after = url.split(placeholder)
    return lambda reference: f"{before}{reference}{after}"
