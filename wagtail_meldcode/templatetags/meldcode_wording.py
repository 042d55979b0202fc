"""Stored choices in the words of the case's sector: ``{{ value|in_words:wording }}``."""

from django import template

register = template.Library()


@register.filter
def in_words(value, wording):
    """The label of the stored choice ``value`` in ``wording``'s words (see
    :meth:`wagtail_meldcode.wording.Wording.label`)."""
    return wording.label(value)
