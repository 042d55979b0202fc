"""The check-in forms of a follow-up: is the help working? And after a report, what did
Veilig Thuis say?"""

import dataclasses

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import afwegingskader
from ..models import Decision, FollowUp, MeldcodeSettings
from ..models.followup import FollowUpKind, FollowUpOutcome
from .base import YesNoField, check_planned_date
from .steps import DECISION_QUESTIONS, HELP_FIELDS, DecisionForm, check_help_dates

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

    def answer(self):
        """What :func:`~wagtail_meldcode.reminders.record_answer` records."""
        return {name: self.cleaned_data.get(name) for name in (
            "outcome", "observations", "next_step", "next_check_on")}


class ReportFeedbackForm(forms.ModelForm):
    """Veilig Thuis's feedback, five working days after a report.

    Whether Veilig Thuis takes the report on and what was agreed; and, after a report for
    unsafety, the questions 3 to 5 that were still open. When the answers now say that
    help is possible, the help is planned here and its checks follow.
    """

    report_taken_on = YesNoField(label=_("Does Veilig Thuis take the report on?"),
                                 required=True)

    class Meta:
        model = FollowUp
        fields = ["observations", "next_step"]
        labels = {"observations": _("Feedback from Veilig Thuis"),
                  "next_step": _("Agreements made")}
        widgets = {
            "observations": forms.Textarea(attrs={"rows": 4}),
            "next_step": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observations"].required = True
        case = self.instance.case
        self.decision = case.latest_decision()
        self.weighing = getattr(case, "weighing", None)
        unsafe = bool(self.weighing and (self.weighing.acute_unsafety
                                         or self.weighing.structural_unsafety))
        #: Questions 3 to 5 left open with Veilig Thuis at the decision.
        self.open_questions = [
            name for name in DECISION_QUESTIONS
            if unsafe and self.decision is not None and getattr(self.decision, name) is None
        ]
        for name in self.open_questions:
            self.fields[name] = YesNoField(label=DecisionForm.base_fields[name].label,
                                           open_label=_("Still open"))
        if self.open_questions:
            # The help's fields as in step 5, asked only when the answers make it possible.
            self.fields.update(forms.fields_for_model(
                Decision, fields=HELP_FIELDS, widgets=DecisionForm._meta.widgets))
            for name in HELP_FIELDS:
                self.fields[name].required = False
            self.fields["check_interval_days"].initial = (
                self.decision.check_interval_days
                or MeldcodeSettings.for_site(case.site).followup_interval_days)
            self.fields["help_plan"].help_text = _(
                "Only when questions 3 to 5 are now all answered yes: then the help is "
                "planned here, and its checks follow.")
        self.order_fields(["report_taken_on", "observations", "next_step",
                           *self.open_questions])
        self.outcome = None

    def clean(self):
        cleaned_data = super().clean()
        if not self.open_questions:
            return cleaned_data
        self.outcome = afwegingskader.weigh(dataclasses.replace(
            self.decision_answers(), **{name: cleaned_data.get(name)
                                        for name in self.open_questions}))
        if self.outcome.help_possible:
            for name in HELP_FIELDS:
                if cleaned_data.get(name) in (None, ""):
                    self.add_error(name, _("Questions 3 to 5 say that help is possible: "
                                           "plan it here."))
            check_help_dates(self)
        return cleaned_data

    def decision_answers(self):
        """The afwegingskader's answers as they stood at the decision."""
        weighing, decision = self.weighing, self.decision
        return afwegingskader.Answers(
            suspicion=weighing.suspicion, acute_unsafety=weighing.acute_unsafety,
            structural_unsafety=weighing.structural_unsafety,
            **{name: getattr(decision, name) for name in DECISION_QUESTIONS},
        )

    def answer(self):
        """What :func:`~wagtail_meldcode.reminders.record_answer` records."""
        data = self.cleaned_data
        helps = bool(self.outcome and self.outcome.help_possible)
        return {
            "observations": data["observations"], "next_step": data.get("next_step", ""),
            "report_taken_on": data["report_taken_on"],
            "answers": {name: data.get(name) for name in self.open_questions},
            "advice": self.outcome,
            "help": {name: data[name] for name in HELP_FIELDS} if helps else None,
        }


def checkin_form_class(followup):
    """The form that answers ``followup``."""
    if followup.kind == FollowUpKind.REPORT_FEEDBACK:
        return ReportFeedbackForm
    return CheckInForm
