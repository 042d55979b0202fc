"""Injuries marked on the body map (lichaamskaart) of step 1; see
:mod:`wagtail_meldcode.bodymap` for the outlines and their regions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..fields import EncryptedJSONField


class InjuryKind(models.TextChoices):
    """What kind of injury a mark shows."""

    BRUISE = "bruise", _("Bruise")
    BURN = "burn", _("Burn")
    CUT = "cut", _("Cut")
    SWELLING = "swelling", _("Swelling")
    OTHER = "other", pgettext_lazy("injury", "Other")


class InjuryMark(models.Model):
    """An injury marked on the body map of a case, optionally linked to a signal.

    Everything about it is in ``content``, one encrypted value: the outline (``figure``)
    and ``region``, the point (``x``, ``y``) in the outline's coordinates, and the
    ``kind``, ``size``, ``colour``, date seen (``seen_on``) and ``note``.
    """

    case = models.ForeignKey(
        "wagtail_meldcode.Case", on_delete=models.CASCADE, related_name="injury_marks"
    )
    signal = models.ForeignKey(
        "wagtail_meldcode.Signal", verbose_name=_("signal"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="injury_marks",
    )
    content = EncryptedJSONField(_("injury"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("injury mark")
        verbose_name_plural = _("injury marks")

    def __str__(self):
        return f"{self.case} {self.content.get('region', '')}"

    @property
    def seen_on(self):
        """The date the injury was seen."""
        value = self.content.get("seen_on")
        return datetime.date.fromisoformat(value) if value else None
