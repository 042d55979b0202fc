"""A wizard step made of one main form and any number of formsets, saved together, and
the limits every case form keeps to: text length, dates, rows."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.forms.utils import ErrorDict, ErrorList
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

#: The most characters a free-text field takes: room for a long account, not for a book
#: (a megabyte of text made its PDF take half a minute).
LONG_TEXT_MAX_LENGTH = 10_000
#: The earliest date a case may mention; anything older is a typing error.
EARLIEST_DATE = datetime.date(1900, 1, 1)
#: How far ahead a planned date (a check, the end of the help) may lie.
PLAN_AHEAD = datetime.timedelta(days=2 * 365)
#: The most rows a list in a step holds (signals, consultations, conversations).
MAX_ROWS = 100


def _with_limit(help_text, limit):
    hint = gettext("At most %(limit)s characters.") % {
        "limit": number_format(limit, force_grouping=True)}
    return f"{help_text} {hint}" if help_text else hint


#: The help text of a field followed by its length limit, in the language of the moment.
with_limit = lazy(_with_limit, str)


class LongTextField(forms.CharField):
    """Free text in a textarea, at most :data:`LONG_TEXT_MAX_LENGTH` characters; the help
    text says so and the browser stops typing there."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_length=None, help_text="", **kwargs):
        max_length = max_length or LONG_TEXT_MAX_LENGTH
        super().__init__(max_length=max_length, help_text=with_limit(help_text, max_length),
                         **kwargs)


def check_past_date(form, name):
    """The date in ``name`` happened: not in the future, not before :data:`EARLIEST_DATE`."""
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, _("This date is in the future."))
    elif day and day < EARLIEST_DATE:
        form.add_error(name, _("This date is too long ago: check the year."))


def check_planned_date(form, name):
    """The date in ``name`` is planned at most :data:`PLAN_AHEAD` from today."""
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate() + PLAN_AHEAD:
        form.add_error(name, _("Choose a date within two years from today."))


class RowFormSet(forms.BaseInlineFormSet):
    """The rows of a list in a step, at most :data:`MAX_ROWS` (a larger count is refused,
    never built)."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "This list holds at most %(num)d entry.",
            "This list holds at most %(num)d entries.",
            "num",
        ),
    }


def row_formset(parent_model, model, form):
    """The formset of a step's list of ``model`` rows of a ``parent_model`` (the case)."""
    return forms.inlineformset_factory(
        parent_model, model, form=form, formset=RowFormSet, extra=1, can_delete=True,
        max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True,
    )


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as radio buttons, None when unanswered."""

    def __init__(self, *, label, required=False, open_label=None, **kwargs):
        choices = [("yes", _("Yes")), ("no", _("No"))]
        if open_label:
            choices.append(("open", open_label))
        super().__init__(
            label=label, required=required, choices=choices, widget=forms.RadioSelect,
            coerce=self.to_bool, empty_value=None, **kwargs,
        )

    @staticmethod
    def to_bool(value):
        """"yes" is True, "no" is False, anything else (unanswered, "open") is None."""
        return {"yes": True, "no": False}.get(value)

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


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
    """One step of the case wizard: a main form plus formsets.

    Subclasses set :attr:`form_class` and :attr:`formset_classes` and implement
    :meth:`save`. :meth:`clean` can add errors that need all parts at once.
    """

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

    def __init__(self, data=None, files=None, prefix=None, initial=None, *, case, user):
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

    def hide_errors(self):
        """Show the data as typed, without validating: for drafts loaded to go on with."""
        self.show_errors = False
        self.form._errors = ErrorDict()
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
        """The main form's fields in groups; by default one group without a title."""
        return [Section("", [self.form[name] for name in self.form.fields])]

    def formset_list(self):
        """The formsets with their labels, for the template."""
        return [
            (self.formsets[name], *self.formset_labels[name]) for name in self.formsets
        ]

    @cached_property
    def _valid(self):
        valid = self.form.is_valid()
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
        for form in [self.form, *(row for fs in self.formsets.values() for row in fs.forms)]:
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

    # All or nothing. Inside the wizard's transaction, no savepoint of its own: an error
    # ends the request and rolls back everything.
    @transaction.atomic(savepoint=False)
    def save(self):
        """Write the step's records; called once the step is valid."""
        for formset in self.formsets.values():
            formset.save()
