"""The coordinator's actions on a case, one small form each.

Each action has its own page in the admin (``.../dossier/<slug>/``); its form says when
it applies, carries it out through :mod:`~wagtail_meldcode.case_actions` and says what
changed.
"""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import case_actions, retention
from ..models import MeldcodeSettings
from ..models.pages import STEP_NAMES
from ..people import offer, person
from ..permissions import case_workers, site_coordinators
from .base import LongTextField


class CaseActionForm(forms.Form):
    """A form that does one thing to one case."""

    #: The action's name in the URL, the header's menu and the template.
    slug = ""
    #: The action as the menu and the page's title name it.
    title = ""
    #: The submit button; the title when empty.
    submit_label = ""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.settings = MeldcodeSettings.for_site(case.site)

    @classmethod
    def is_available(cls, case):
        """Whether the action applies to ``case``; nothing applies to a purged stub."""
        return not case.is_purged

    @classmethod
    def title_for(cls, case):
        """The action's name for ``case``."""
        return cls.title

    def perform(self, request, role):
        """Carry out the action as ``request.user`` in ``role``; returns the notices sent."""
        raise NotImplementedError

    def done_message(self):
        """What changed, for the message after the action."""
        raise NotImplementedError


class AssignCoordinatorForm(CaseActionForm):
    slug = "toewijzen"
    title = gettext_lazy("Assign the coordinator")
    coordinator = forms.ModelChoiceField(label=gettext_lazy("Coordinator"), queryset=None)

    @classmethod
    def title_for(cls, case):
        if case.coordinator_id:
            return gettext_lazy("Change the coordinator")
        return cls.title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self.fields["coordinator"], site_coordinators(self.settings))
        self.initial.setdefault("coordinator", self.case.coordinator_id)

    def perform(self, request, role):
        return case_actions.assign_coordinator(
            request, self.case, role, self.cleaned_data["coordinator"])

    def done_message(self):
        return _("%(name)s is now the coordinator of case %(reference)s.") % {
            "name": person(self.case.coordinator), "reference": self.case.reference}


class TransferForm(CaseActionForm):
    slug = "overdragen"
    title = gettext_lazy("Transfer to another owner")
    owner = forms.ModelChoiceField(
        label=gettext_lazy("New owner"), queryset=None,
        help_text=gettext_lazy("The new owner takes over the case; the former owner keeps "
                               "its reference under “Transferred” and no longer sees it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self.fields["owner"], case_workers(self.settings).exclude(pk=self.case.owner_id))

    def perform(self, request, role):
        self.former = self.case.owner
        return case_actions.transfer(request, self.case, role, self.cleaned_data["owner"])

    def done_message(self):
        return _("Case %(reference)s now belongs to %(name)s instead of %(former)s.") % {
            "reference": self.case.reference, "name": person(self.case.owner),
            "former": person(self.former)}


class AdviceForm(CaseActionForm):
    slug = "advies"
    title = gettext_lazy("Add a note or advice")
    advice = LongTextField(
        label=gettext_lazy("Note or advice"),
        help_text=gettext_lazy("Recorded as a consultation with you in step 2."),
    )

    def perform(self, request, role):
        return case_actions.add_advice(request, self.case, role, self.cleaned_data["advice"])

    def done_message(self):
        return _("Your advice is recorded in step 2 of case %(reference)s.") % {
            "reference": self.case.reference}


class ReopenForm(CaseActionForm):
    """Send the case back to a step; for a closed case, open it again."""

    slug = "heropenen"
    title = gettext_lazy("Reopen a step")
    step = forms.TypedChoiceField(
        label=gettext_lazy("Step"), coerce=int, widget=forms.RadioSelect,
        choices=list(enumerate(STEP_NAMES, start=1)),
    )

    @classmethod
    def title_for(cls, case):
        return gettext_lazy("Reopen the case") if case.is_closed else cls.title

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.is_closed:
            self.fields["step"].label = _("Reopen at step")
            self.initial.setdefault("step", self.case.current_step)
        else:
            self.fields["step"].help_text = _("The case is at step %(number)s now.") % {
                "number": self.case.current_step}

    def perform(self, request, role):
        self.was_closed = self.case.is_closed
        return case_actions.reopen_step(request, self.case, role, self.cleaned_data["step"])

    def done_message(self):
        values = {"reference": self.case.reference,
                  "step": STEP_NAMES[self.case.current_step - 1]}
        if self.was_closed:
            return _("Case %(reference)s is open again, at “%(step)s”.") % values
        return _("Case %(reference)s is back at “%(step)s”.") % values


class CloseForm(CaseActionForm):
    slug = "afsluiten"
    title = gettext_lazy("Close the case")
    submit_label = gettext_lazy("Yes, close the case")
    reason = LongTextField(label=gettext_lazy("Why is the case closed?"))

    @classmethod
    def is_available(cls, case):
        return super().is_available(case) and not case.is_closed

    def perform(self, request, role):
        return case_actions.close(request, self.case, role, self.cleaned_data["reason"])

    def done_message(self):
        if self.case.active_legal_hold() is not None:
            return _("Case %(reference)s is closed. Its pending checks are cancelled; its "
                     "content is kept while the legal hold is in force.") % {
                "reference": self.case.reference}
        return _("Case %(reference)s is closed. Its pending checks are cancelled; its "
                 "content is removed on %(date)s.") % {
            "reference": self.case.reference,
            "date": date_format(retention.purge_date(self.case, self.settings))}


class LegalHoldForm(CaseActionForm):
    slug = "vernietigingsstop"
    title = gettext_lazy("Place a legal hold")
    reason = LongTextField(
        label=gettext_lazy("Why must the case be kept?"),
        help_text=gettext_lazy(
            "For example a complaint, a court case or a request of the inspectorate. "
            "While the legal hold is in force, the content is not removed."),
    )

    @classmethod
    def is_available(cls, case):
        return super().is_available(case) and case.active_legal_hold() is None

    def perform(self, request, role):
        return case_actions.place_legal_hold(request, self.case, role,
                                             self.cleaned_data["reason"])

    def done_message(self):
        return _("Case %(reference)s is under a legal hold: its content is kept until the "
                 "hold is lifted.") % {"reference": self.case.reference}


class LiftLegalHoldForm(CaseActionForm):
    slug = "vernietigingsstop-opheffen"
    title = gettext_lazy("Lift the legal hold")
    reason = LongTextField(label=gettext_lazy("Why may the legal hold be lifted?"))

    @classmethod
    def is_available(cls, case):
        return super().is_available(case) and case.active_legal_hold() is not None

    def perform(self, request, role):
        return case_actions.lift_legal_hold(request, self.case, role,
                                            self.cleaned_data["reason"])

    def done_message(self):
        return _("The legal hold on case %(reference)s is lifted. The coordinators are "
                 "warned again before its content is removed.") % {
            "reference": self.case.reference}


#: The actions, in the order of the header's menu.
CASE_ACTIONS = {
    form.slug: form for form in (
        AssignCoordinatorForm, TransferForm, AdviceForm, ReopenForm, CloseForm,
        LegalHoldForm, LiftLegalHoldForm,
    )
}
