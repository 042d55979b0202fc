"""The form of a mark on the body map: a region from the list (or a point clicked on the
drawing), what was seen, and optionally the signal it belongs to."""

import math

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import bodymap
from ..models.bodymap import InjuryKind
from .base import LongTextField, check_past_date
from .steps import DATE_INPUT

#: The most characters of the size and the colour.
SHORT_TEXT = 100


class CoordinateField(forms.FloatField):
    """A coordinate of the point clicked on the drawing (a hidden field the page's
    script fills); a number that is not finite is no coordinate."""

    widget = forms.HiddenInput

    def validate(self, value):
        super().validate(value)
        if value is not None and not math.isfinite(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class InjuryMarkForm(forms.Form):
    """One injury. Its place is a region chosen from the list, then the point is the
    region's anchor; or a point clicked on the drawing (``x``, ``y``), then the region is
    the one that holds it, and a region sent with it must hold it. Either way
    ``cleaned_data["content"]`` is what the mark stores (see :func:`.bodymap.content`)."""

    region = forms.ChoiceField(
        label=_("Part of the body"), required=False,
        help_text=_("Choose it here, or click on the drawing."),
    )
    x = CoordinateField(required=False)
    y = CoordinateField(required=False)
    kind = forms.ChoiceField(label=_("Kind of injury"), choices=InjuryKind.choices)
    size = forms.CharField(label=_("Size"), max_length=SHORT_TEXT, required=False,
                           help_text=_("For example 3 by 2 cm."))
    colour = forms.CharField(label=_("Colour"), max_length=SHORT_TEXT, required=False,
                             help_text=_("For example blue-purple, or yellow-green."))
    seen_on = forms.DateField(label=_("Date seen"), widget=DATE_INPUT)
    note = LongTextField(label=_("Note"), required=False,
                         help_text=_("What you saw, as a fact. What the person said about it, "
                                     "in their own words."))
    signal = forms.ChoiceField(label=_("Belongs to the signal"), required=False)

    def __init__(self, *args, case, figure, signals=None, mark=None, **kwargs):
        """``mark``: the mark being changed; its place stays unless another is chosen."""
        if mark is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: mark.content.get(name) for name in
                   ("region", "kind", "size", "colour", "note")},
                "seen_on": mark.seen_on, "signal": mark.signal_id or "",
            }
        super().__init__(*args, **kwargs)
        self.case, self.figure, self.mark = case, figure, mark
        self.fields["region"].choices = [("", _("Choose a part of the body"))] + figure.choices()
        self.fields["seen_on"].initial = self.initial.get("seen_on") or timezone.localdate
        signals = list(case.signals.all() if signals is None else signals)
        self._signals = {str(s.pk): s for s in signals}
        self.fields["signal"].choices = [("", _("No signal"))] + [
            (str(s.pk), f"{date_format(s.observed_on, 'j F Y')}: "
                        f"{Truncator(s.description).chars(60)}")
            for s in signals
        ]

    def clean_signal(self):
        # A signal of another case is not among the choices: the field refuses it.
        key = self.cleaned_data.get("signal")
        return self._signals.get(key) if key else None

    def clean(self):
        cleaned = super().clean()
        check_past_date(self, "seen_on")
        if cleaned.get("kind") == InjuryKind.OTHER and not cleaned.get("note"):
            self.add_error("note", _("Say in the note what kind of injury it is."))
        place = self._place(cleaned)
        if place is not None and not self.errors:
            region, point = place
            cleaned["content"] = bodymap.content(
                self.figure, region, point, kind=cleaned["kind"], size=cleaned["size"],
                colour=cleaned["colour"], seen_on=cleaned["seen_on"], note=cleaned["note"],
            )
        return cleaned

    def _place(self, cleaned):
        """``(region, point)`` of the mark, or None with the error added."""
        if "x" in self.errors or "y" in self.errors:
            self.add_error("region", _("The point on the drawing is not valid. Click on the "
                                       "drawing again or choose a part of the body."))
            return None
        x, y = cleaned.get("x"), cleaned.get("y")
        key = cleaned.get("region")
        region = self.figure.region(key) if key else None
        if (x is None) != (y is None):
            self.add_error("region", _("The point on the drawing is not valid. Click on the "
                                       "drawing again or choose a part of the body."))
            return None
        if x is None:
            if region is None:
                self.add_error("region", _("Choose a part of the body in the list, or click "
                                           "on the drawing."))
                return None
            return region, self._kept_point(region)
        point = (round(x, 1), round(y, 1))
        if region is None:
            region = self.figure.region_at(*point)
            if region is None:
                self.add_error("region", _("The point is outside the body. Click on the body "
                                           "in the drawing, or choose a part of the body."))
                return None
        elif not region.contains(*point):
            self.add_error("region", _("The point on the drawing is not in %(region)s. Click "
                                       "again, or choose the part of the body only in the list.")
                           % {"region": region.label})
            return None
        return region, point

    def _kept_point(self, region):
        """The point of a mark chosen from the list: where the mark being changed was, when
        it stays in the same region of the same outline; else the region's anchor."""
        content = self.mark.content if self.mark is not None else {}
        if content.get("region") == region.key and content.get("figure") == self.figure.key:
            return (content["x"], content["y"])
        return region.anchor
