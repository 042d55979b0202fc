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


class PeerRecord(models.Model):
    """A plain model for the admin listing's peer: a Wagtail ``ModelViewSet`` over a
    million rows of it, with the columns a case listing shows as plain values."""

    reference = models.CharField(max_length=40)
    status = models.CharField(max_length=20)
    step = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["updated_at", "id"], name="bench_peer_updated")]

    def __str__(self):
        return self.reference
