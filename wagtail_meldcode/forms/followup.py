"""The check-in form of a follow-up: is the help working?"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import FollowUp
from ..models.followup import FollowUpKind, FollowUpOutcome
from .base import check_planned_date

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckInForm(forms.ModelForm):
    """Answer to a follow-up check (or, after a report, Veilig Thuis's feedback)."""

    next_check_on = forms.DateField(
        label=_("Next check on"), required=False, widget=DATE_INPUT,
        help_text=_("Needed when the help works only partly."),
    )

    class Meta:
        model = FollowUp
        fields = ["outcome", "observations", "next_step"]
        widgets = {
            "outcome": forms.RadioSelect,
            "observations": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observations"].required = True
        outcome = self.fields["outcome"]
        outcome.choices = [choice for choice in outcome.choices if choice[0]]
        if self.instance.kind == FollowUpKind.REPORT_FEEDBACK:
            # After a report there is nothing to judge yet, only Veilig Thuis to hear.
            del self.fields["outcome"], self.fields["next_check_on"]
            self.fields["observations"].label = _("Feedback from Veilig Thuis")
            self.fields["next_step"].label = _("Agreements made")
        else:
            outcome.required = True

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("outcome") == FollowUpOutcome.PARTLY:
            if not cleaned_data.get("next_step"):
                self.add_error("next_step", _("Describe the new plan."))
            if not cleaned_data.get("next_check_on"):
                self.add_error("next_check_on", _("When is the next check?"))
        day = cleaned_data.get("next_check_on")
        if day and day <= timezone.localdate():
            self.add_error("next_check_on", _("The next check must be after today."))
        check_planned_date(self, "next_check_on")
        return cleaned_data
