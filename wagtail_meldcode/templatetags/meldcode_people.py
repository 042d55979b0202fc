"""People by name in templates: ``{{ case.owner|person }}``."""

from django import template

from .. import people

register = template.Library()


@register.filter
def person(user):
    """See :func:`wagtail_meldcode.people.person`; empty for no user."""
    return people.person(user) if user else ""
