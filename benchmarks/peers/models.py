"""Peer pages: a plain page with the step page's StreamField, and a Wagtail form page."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_meldcode.blocks import StepBodyBlock


class PlainPage(Page):
    """A plain Wagtail page holding the same StreamField content as a step page."""

    body = StreamField(StepBodyBlock(), blank=True)
    template = "peers/plain_page.html"


class PeerFormField(AbstractFormField):
    page = ParentalKey("PeerFormPage", on_delete=models.CASCADE, related_name="form_fields")


class PeerFormPage(AbstractForm):
    """A ``wagtail.contrib.forms`` form page; a POST stores a submission."""

    template = "peers/form_page.html"
    landing_page_template = "peers/form_page_landing.html"
