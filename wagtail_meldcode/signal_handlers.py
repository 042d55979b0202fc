"""Receivers of Wagtail's signals, connected in ``apps.py``."""

from wagtail.signals import page_published, page_unpublished

from . import lifecycle
from .models import MeldcodePage, MeldcodeStepPage


def step_page_changed(sender, instance, **kwargs):
    """A step page was published or unpublished: its own questions may have changed."""
    meldcode = MeldcodePage.objects.filter(
        path=instance.path[:-MeldcodeStepPage.steplen]).first()
    if meldcode is not None:
        lifecycle.questions_changed(meldcode)


def register():
    page_published.connect(step_page_changed, sender=MeldcodeStepPage,
                           dispatch_uid="meldcode_step_published")
    page_unpublished.connect(step_page_changed, sender=MeldcodeStepPage,
                             dispatch_uid="meldcode_step_unpublished")
