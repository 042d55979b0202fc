"""The request site's meldcode settings, for templates."""

from django import template

from ..site_settings import for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def meldcode_settings(context):
    """The meldcode settings of the request's site: ``{% meldcode_settings as s %}``.

    As ``{% get_settings %}``, but without another query when this request's permission
    checks read them already.
    """
    return for_request(context["request"])
