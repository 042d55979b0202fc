"""The coordinator's actions on a case, one small form each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MeldcodeSettings
from ..people import offer
from ..permissions import case_workers, site_coordinators
from .base import LongTextField


class CaseActionForm(forms.Form):
    """A form about one case."""

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        self.settings = MeldcodeSettings.for_site(case.site)

    @classmethod
    def is_available(cls, case):
        """Whether the action applies to ``case``; nothing applies to a purged stub."""
        return not case.is_purged


class AssignCoordinatorForm(CaseActionForm):
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self.fields["coordinator"], site_coordinators(self.settings))
        self.initial.setdefault("coordinator", self.case.coordinator_id)


class TransferForm(CaseActionForm):
    owner = forms.ModelChoiceField(label=_("New owner"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer(self.fields["owner"], case_workers(self.settings).exclude(pk=self.case.owner_id))


class AdviceForm(CaseActionForm):
    advice = LongTextField(label=_("Note or advice"))


class ReopenForm(CaseActionForm):
    step = forms.TypedChoiceField(
        label=_("Step"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )


class CloseForm(CaseActionForm):
    reason = LongTextField(label=_("Why is the case closed?"))


class LegalHoldForm(CaseActionForm):
    reason = LongTextField(
        label=_("Why must the case be kept?"),
        help_text=_("For example a complaint, a court case or a request of the inspectorate. "
                    "While the legal hold is in force, the content is not removed."),
    )

    @classmethod
    def is_available(cls, case):
        return super().is_available(case) and case.active_legal_hold() is None


class LiftLegalHoldForm(CaseActionForm):
    reason = LongTextField(label=_("Why may the legal hold be lifted?"))

    @classmethod
    def is_available(cls, case):
        return super().is_available(case) and case.active_legal_hold() is not None


#: action name -> (title, form class)
ACTION_FORMS = {
    "assign": (_("Assign or change the coordinator"), AssignCoordinatorForm),
    "transfer": (_("Transfer the case to another owner"), TransferForm),
    "advice": (_("Add a note or advice (a consultation of step 2)"), AdviceForm),
    "reopen": (_("Reopen a step"), ReopenForm),
    "close": (_("Close the case"), CloseForm),
    "legal_hold": (_("Place a legal hold"), LegalHoldForm),
    "lift_legal_hold": (_("Lift the legal hold"), LiftLegalHoldForm),
}
