"""The editor's form of a meldcode step page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from ..models import MeldcodeStepPage
from .own_questions import check_own_questions
from .steps import STEPS


class MeldcodeStepPageForm(WagtailAdminPageForm):
    """Keeps step numbers unique within one meldcode, and the step's own questions
    within their limits (see :func:`~.own_questions.check_own_questions`)."""

    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("step_number")
        parent = self.parent_page
        if number is not None and parent is not None:
            taken = (
                MeldcodeStepPage.objects.child_of(parent)
                .exclude(pk=self.instance.pk)
                .filter(step_number=number)
            )
            if taken.exists():
                self.add_error(
                    "step_number",
                    _("This meldcode already has a page for step %(number)s.")
                    % {"number": number},
                )
        formset = self.formsets.get("own_questions")
        if formset is not None and number is not None:
            for form in formset.forms:
                form.is_valid()
            step_form = next(form for _name, form in STEPS if form.number == number)
            problem = check_own_questions(formset.forms, step_form)
            if problem:
                formset._non_form_errors = formset.error_class([problem])
                self.add_error(None, problem)
        return cleaned_data
