"""A wizard step: one main form, any number of formsets and the organisation's own
questions, validated and saved together."""

from dataclasses import dataclass

from django.db import transaction
from django.forms.utils import ErrorDict, ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..models.own_questions import OwnAnswer, forget_live_questions
from .own_questions import OwnQuestionsForm, own_prefix


@dataclass
class Section:
    """A group of fields of a step, shown as one fieldset."""

    title: str
    fields: list
    #: Guidance shown above the fields.
    notes: tuple = ()
    #: A template included after the fields (e.g. the live advice of step 5).
    template: str = ""
    #: Shown folded unless ``open``.
    foldable: bool = False
    open: bool = True


class StepForm:
    """One step of the case wizard: a main form plus formsets, then the organisation's
    own questions of the step (:attr:`own`, an :class:`.own_questions.OwnQuestionsForm`).

    Subclasses set :attr:`number`, :attr:`form_class` and :attr:`formset_classes` and
    implement :meth:`save`. :meth:`clean` can add errors that need all parts at once.
    """

    #: The step of the meldcode (1 to 5).
    number = None

    #: The main form; it receives ``instance`` when it is a model form.
    form_class = None
    #: ``{name: formset class}``; each receives ``instance=case`` (inline formsets).
    formset_classes = {}
    #: ``{name: (title, label of one row, label of the add button)}``.
    formset_labels = {}
    #: One-to-one relations of the case the step reads: fetched with the case.
    case_related = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # formtools looks for file fields in ``base_fields`` of each step's form class.
        cls.base_fields = cls.form_class.base_fields if cls.form_class else {}

    def __init__(self, data=None, files=None, prefix=None, initial=None, *, case, user,
                 own_questions=(), own_draft=None):
        self.case = case
        self.user = user
        self.data = data if data is not None else {}
        self.files = files or {}
        self.is_bound = data is not None
        self.prefix = prefix
        self.show_errors = True
        self.non_form_errors = ErrorList()
        self.form = self.form_class(
            data, files, prefix=prefix, **self.get_form_kwargs(initial)
        )
        self.formsets = {
            name: formset_class(
                data, files, prefix=f"{prefix}-{name}" if prefix else name,
                **self.get_formset_kwargs(name),
            )
            for name, formset_class in self.formset_classes.items()
        }
        self.own = OwnQuestionsForm(
            data, prefix=own_prefix(prefix), questions=own_questions,
            draft=own_draft,
        )

    def hide_errors(self):
        """Show the data as typed, without validating: for drafts loaded to go on with."""
        self.show_errors = False
        self.form._errors = ErrorDict()
        self.own._errors = ErrorDict()
        for formset in self.formsets.values():
            formset._errors = []
            formset._non_form_errors = formset.error_class()
            for form in formset.forms:
                form._errors = ErrorDict()

    def get_form_kwargs(self, initial):
        return {"initial": initial}

    def get_formset_kwargs(self, name):
        return {"instance": self.case}

    def sections(self):
        """The main form's fields in groups; by default one group without a title, and
        none when the step's main form has no fields (all it asks is in its lists)."""
        fields = [self.form[name] for name in self.form.fields]
        return [Section("", fields)] if fields else []

    def own_section(self):
        """The own questions, after the fixed fields; None when the step has none."""
        if not self.own.fields and not self.own.orphans:
            return None
        return Section(_("Questions of our organisation"),
                       [self.own[name] for name in self.own.fields])

    def formset_list(self):
        """The formsets with their labels, for the template."""
        return [
            (self.formsets[name], *self.formset_labels[name]) for name in self.formsets
        ]

    @cached_property
    def _valid(self):
        valid = self.form.is_valid()
        valid = self.own.is_valid() and valid
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        if valid:
            self.clean()
        return valid and not self.non_form_errors

    def is_valid(self):
        return self.is_bound and self._valid

    def add_error(self, message):
        self.non_form_errors.append(message)

    def error_summary(self):
        """Every error not shown beside a visible field: the step's own, each form's
        non-field errors and hidden fields' errors, and each formset's."""
        if not (self.is_bound and self.show_errors):
            return []
        self.is_valid()  # validates once; a valid step can still carry an error of its own
        errors = list(self.non_form_errors)
        for formset in self.formsets.values():
            errors.extend(formset.non_form_errors())
        forms = [self.form, self.own, *(row for fs in self.formsets.values() for row in fs.forms)]
        for form in forms:
            errors.extend(form.non_field_errors())
            for field in form.hidden_fields():
                errors.extend(field.errors)
        return errors

    def clean(self):
        """Checks across the main form and the formsets; call :meth:`add_error`."""

    def rows(self, name):
        """The filled-in forms of a (validated) formset that are not being deleted."""
        return [
            form for form in self.formsets[name].forms
            if not form.cleaned_data.get("DELETE")
            and (form.instance.pk is not None or form.has_changed())
        ]

    def save_own_answers(self):
        """Store the answers to the own questions (and any a draft kept for questions
        deleted since); called with :meth:`save`, in the same transaction."""
        if OwnAnswer.objects.record(self.case, self.number, self.own.answers_to_store(),
                                    earlier=self.own.answers, user=self.user):
            forget_live_questions(self.case.meldcode)

    # All or nothing. Inside the wizard's transaction, no savepoint of its own: an error
    # ends the request and rolls back everything.
    @transaction.atomic(savepoint=False)
    def save(self):
        """Write the step's records; called once the step is valid."""
        for formset in self.formsets.values():
            formset.save()
