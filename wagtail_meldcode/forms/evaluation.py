"""The choices of the evaluation report: which cases, and counted per what."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from ..evaluation import Interval, periods_between, site_label

#: More periods than this make tables nobody can read.
MAX_PERIODS = 60


class EvaluationForm(forms.Form):
    start = forms.DateField(label=_("Cases opened from"), widget=AdminDateInput)
    end = forms.DateField(label=_("up to and including"), widget=AdminDateInput)
    interval = forms.ChoiceField(label=_("Count per"), choices=Interval.choices)
    site = forms.ChoiceField(label=_("Site"), required=False)

    def __init__(self, data=None, *, sites):
        today = timezone.localdate()
        self.initial_values = {
            "start": today.replace(month=1, day=1), "end": today,
            "interval": Interval.QUARTER, "site": "",
        }
        # An empty query string shows this year so far, per quarter.
        super().__init__(data if data else None, initial=self.initial_values)
        self.sites = {str(site.pk): site for site in sites}
        self.fields["site"].choices = [("", _("All sites"))] + [
            (pk, site_label(site)) for pk, site in self.sites.items()
        ]
        if len(self.sites) < 2:
            self.fields["site"].widget = forms.HiddenInput()

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        interval = cleaned_data.get("interval")
        if not (start and end and interval):
            return cleaned_data
        if start > end:
            self.add_error("end", _("Choose an end date on or after the start date."))
        elif len(periods_between(start, end, interval)) > MAX_PERIODS:
            self.add_error("interval", _(
                "That makes more than %(count)d periods: count per quarter or year, or "
                "choose a shorter range."
            ) % {"count": MAX_PERIODS})
        return cleaned_data

    def choices(self):
        """``(start, end, interval, sites)``: as chosen, or the defaults when unbound."""
        data = self.cleaned_data if self.is_bound else self.initial_values
        site = self.sites.get(data["site"] or "")
        sites = [site] if site else list(self.sites.values())
        return data["start"], data["end"], data["interval"], sites

